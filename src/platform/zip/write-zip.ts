import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * One archive entry: `name` is the path inside the zip (forward slashes). Either bytes already
 * in memory (a generated manifest) or a file on disk, read only when its turn comes; `size` is
 * what the caller saw when listing it, and yazl fails the archive if the file changed since.
 */
export type ZipSource =
  { name: string; data: Buffer } | { name: string; file: string; size: number };

/**
 * The one timestamp of every entry. yazl encodes the DOS date in local time and clamps anything
 * before 1980-01-01 00:00 local; noon local on that day is never clamped in any time zone, so
 * the DOS fields read 1980-01-01 12:00 wherever the archive is built.
 */
const fixedMtime = (): Date => new Date(1980, 0, 1, 12, 0, 0);

/** rw-r--r-- regular file: no checkout's umask or executable bits leak into the archive. */
const FILE_MODE = 0o100644;

export interface ZipWriteOptions {
  /** zlib level, default 6 (fast enough for a bundle of tens of thousands of files). */
  compressionLevel?: number;
}

/**
 * Streams the entries, in the given order, into `outFile` with everything that could differ
 * between two builds pinned: the order is the caller's, every entry has the same mtime and
 * mode, and no extended timestamp (yazl's Info-ZIP "UT" field) is written. So the same inputs
 * give the same bytes on any machine with the same zlib. Files are opened one at a time, when
 * their data is written, so memory does not grow with the archive. The archive is written
 * beside `outFile` and renamed at the end: a failed run never leaves a truncated zip behind.
 * Resolves with the archive's size in bytes.
 */
export async function writeZip(
  outFile: string,
  entries: readonly ZipSource[],
  options: ZipWriteOptions = {},
): Promise<number> {
  const zip = new ZipFile();
  const common = {
    mtime: fixedMtime(),
    mode: FILE_MODE,
    forceDosTimestamp: true,
    compressionLevel: options.compressionLevel ?? 6,
  };
  // yazl reports a failing input (size changed) on the ZipFile, and a read stream's own error
  // nowhere: forward both to the output stream so the pipeline below rejects instead of hanging.
  const fail = (err: Error) => {
    (zip.outputStream as unknown as { destroy(e: Error): void }).destroy(err);
  };
  zip.on('error', fail);
  const partial = `${outFile}.partial`;
  const written = pipeline(zip.outputStream, createWriteStream(partial));
  try {
    for (const entry of entries) {
      if ('data' in entry) {
        zip.addBuffer(entry.data, entry.name, common);
      } else {
        const file = entry.file;
        zip.addReadStreamLazy(entry.name, { ...common, size: entry.size }, (cb) => {
          cb(null, createReadStream(file).on('error', fail));
        });
      }
    }
    zip.end();
  } catch (err) {
    fail(err instanceof Error ? err : new Error(String(err)));
  }
  try {
    await written;
    await rename(partial, outFile);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return (await stat(outFile)).size;
}
