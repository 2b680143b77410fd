import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { openPromise } from 'yauzl';

/** One entry as an independent reader (yauzl) sees it. */
export interface ReadEntry {
  name: string;
  /** Unix mode from the external attributes (yazl writes mode << 16). */
  mode: number;
  dosDate: number;
  dosTime: number;
  extraFieldLength: number;
  /** Present when `withData` chose the entry; its CRC-32 was checked against the header. */
  data?: Buffer;
}

/**
 * Reads a zip back with yauzl. yauzl checks sizes but not CRCs, so every entry read here is
 * also checked against the CRC-32 in its header. `withData` picks the entries whose contents to
 * read (default: all); a large bundle reads a handful.
 */
export async function readZip(
  file: string,
  withData: (name: string) => boolean = () => true,
): Promise<ReadEntry[]> {
  const zip = await openPromise(file, { lazyEntries: true, strictFileNames: true });
  const entries: ReadEntry[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const read: ReadEntry = {
        name: entry.fileName,
        mode: entry.externalFileAttributes >>> 16,
        dosDate: entry.lastModFileDate,
        dosTime: entry.lastModFileTime,
        extraFieldLength: entry.extraFieldLength,
      };
      if (withData(entry.fileName)) {
        const data = await buffer(await zip.openReadStreamPromise(entry));
        if (crc32(data) >>> 0 !== entry.crc32) throw new Error(`CRC mismatch: ${entry.fileName}`);
        read.data = data;
      }
      entries.push(read);
    }
  } finally {
    zip.close();
  }
  return entries;
}
