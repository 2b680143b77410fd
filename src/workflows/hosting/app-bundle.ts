import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeZip, type ZipSource } from '../../platform/zip/write-zip';
import { AppBundleError, productionPackages } from './production-packages';

export { AppBundleError } from './production-packages';

export interface AppBundleResult {
  outFile: string;
  bytes: number;
  /** Entries in the zip. */
  files: number;
  /** Symbolic links met inside dist/ or a package and left out (see listFiles), zip names. */
  skippedLinks: string[];
}

export interface AppBundleOptions {
  /** The project: package.json, package-lock.json, dist/, node_modules/. */
  rootDir: string;
  outFile: string;
}

interface ListedFile {
  name: string;
  file: string;
  size: number;
  mtimeMs: number;
}

interface Walk {
  files: ListedFile[];
  links: string[];
  /** Relative to the walk's root (forward slashes): true leaves the file or folder out. */
  skip: (relative: string, isDirectory: boolean) => boolean;
}

/**
 * Lists the regular files under `dir` as zip names below `prefix`, metadata only: contents are
 * read later, one file at a time, by writeZip. Symbolic links are left out and recorded rather
 * than followed: a zip entry cannot carry a link portably (App Service's unzip would not
 * recreate it), following one could pull in files from outside the package, and the only ones
 * an npm tree normally has, node_modules/.bin, are not needed (App Service runs
 * `node dist/src/index.js`, never a bin script).
 */
async function listFiles(dir: string, prefix: string, walk: Walk, relative = ''): Promise<void> {
  const dirents = await readdir(path.join(dir, relative), { withFileTypes: true });
  const stats: Promise<ListedFile>[] = [];
  for (const d of dirents) {
    const rel = relative ? `${relative}/${d.name}` : d.name;
    if (d.isSymbolicLink()) walk.links.push(`${prefix}${rel}`);
    else if (d.isDirectory()) {
      if (!walk.skip(rel, true)) await listFiles(dir, prefix, walk, rel);
    } else if (d.isFile() && !walk.skip(rel, false)) {
      const file = path.join(dir, rel);
      stats.push(
        lstat(file).then((s) => ({
          name: `${prefix}${rel}`,
          file,
          size: s.size,
          mtimeMs: s.mtimeMs,
        })),
      );
    }
  }
  walk.files.push(...(await Promise.all(stats)));
}

async function list(
  dir: string,
  prefix: string,
  skip: Walk['skip'] = () => false,
): Promise<{ files: ListedFile[]; links: string[] }> {
  const walk: Walk = { files: [], links: [], skip };
  await listFiles(dir, prefix, walk);
  return walk;
}

/**
 * The build must exist and be newer than every source file: deploying a stale dist/ would ship
 * code that is not what the operator just changed, and nothing on App Service would rebuild it
 * (SCM_DO_BUILD_DURING_DEPLOYMENT=false; TypeScript is not run there).
 */
async function assertBuilt(rootDir: string): Promise<void> {
  const entry = path.join(rootDir, 'dist', 'src', 'index.js');
  const built = await stat(entry).catch(() => undefined);
  if (!built) {
    throw new AppBundleError(
      'dist/src/index.js is missing: run `npm run build` before bundling the app.',
    );
  }
  const sources = await list(path.join(rootDir, 'src'), 'src/').catch(() => undefined);
  const newest = sources?.files.reduce<ListedFile | undefined>(
    (a, b) => (a && a.mtimeMs >= b.mtimeMs ? a : b),
    undefined,
  );
  if (newest && newest.mtimeMs > built.mtimeMs) {
    throw new AppBundleError(
      `dist/ is older than src/ (${newest.name} changed after the last build): run \`npm run build\`.`,
    );
  }
}

async function rootFile(rootDir: string, name: string): Promise<ListedFile> {
  const file = path.join(rootDir, name);
  const s = await stat(file).catch(() => undefined);
  if (!s?.isFile()) throw new AppBundleError(`${name} is missing in ${rootDir}.`);
  return { name, file, size: s.size, mtimeMs: s.mtimeMs };
}

/**
 * Files in a package that only tools read, never `node`: source maps (a third of the
 * production node_modules' bytes here, read only under --enable-source-maps, for library frames
 * nobody debugs on the server) and type declarations (a third of its files, read only by the
 * TypeScript compiler, which App Service never runs). Leaving them out halves the bundle's
 * entries and its build time. dist/'s own maps are kept: small, and they turn the bot's stack
 * traces into src/*.ts lines when --enable-source-maps is on.
 */
const TOOLING_ONLY = /\.(map|d\.[cm]?ts)$/;

/**
 * Writes the zip App Service zip deploy runs as is: dist/, package.json, package-lock.json and
 * the production part of the installed node_modules/ (see productionPackages), each package
 * without its own nested node_modules/ (those are lockfile keys of their own, listed
 * separately, and may be dev-only). Entries are sorted by name and pinned like the Teams
 * package (writeZip), so an unchanged build gives the same bytes. Streamed from disk.
 */
export async function writeAppBundle(opts: AppBundleOptions): Promise<AppBundleResult> {
  const { rootDir } = opts;
  await assertBuilt(rootDir);
  const packageJson = await rootFile(rootDir, 'package.json');
  const lockfile = await rootFile(rootDir, 'package-lock.json');
  const packages = productionPackages(rootDir, await readFile(lockfile.file, 'utf8'));

  const dist = await list(path.join(rootDir, 'dist'), 'dist/');
  const files = [...dist.files, packageJson, lockfile];
  const links = [...dist.links];
  for (const key of packages) {
    const pkg = await list(path.join(rootDir, key), `${key}/`, (rel, isDirectory) =>
      isDirectory ? rel === 'node_modules' : TOOLING_ONLY.test(rel),
    );
    files.push(...pkg.files);
    links.push(...pkg.links);
  }
  // Code-unit order, not localeCompare: the same on every machine and locale.
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: ZipSource[] = files.map(({ name, file, size }) => ({ name, file, size }));
  const bytes = await writeZip(opts.outFile, entries);
  return { outFile: opts.outFile, bytes, files: files.length, skippedLinks: links.sort() };
}
