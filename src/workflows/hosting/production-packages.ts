import { existsSync } from 'node:fs';
import path from 'node:path';

/** Raised when the tree cannot make a deployable bundle; the message says what to run. */
export class AppBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AppBundleError';
  }
}

/** The fields of a package-lock.json `packages` entry this module reads. */
interface LockedPackage {
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, LockedPackage>;
}

/**
 * The installed folders `npm ci --omit=dev` would have kept, read from the lockfile instead of
 * running npm (no network, no install scripts, the exact versions already tested): every
 * `packages` key under node_modules/ that is not `dev`. `devOptional` means "dev, and also an
 * optional dependency of a production package", so it is kept like `optional`: when installed
 * (an optional package for another platform is simply absent). A missing required package
 * means node_modules does not match the lockfile.
 */
export function productionPackages(rootDir: string, lockText: string): string[] {
  let lock: Lockfile;
  try {
    lock = JSON.parse(lockText) as Lockfile;
  } catch {
    throw new AppBundleError(
      'package-lock.json is not valid JSON: run `npm install` to rewrite it.',
    );
  }
  if (!lock.packages || (lock.lockfileVersion ?? 1) < 2) {
    throw new AppBundleError(
      'package-lock.json has no "packages" map (lockfile v1): run `npm install` with npm 7 or later.',
    );
  }
  const kept: string[] = [];
  for (const [key, meta] of Object.entries(lock.packages)) {
    if (!key.startsWith('node_modules/') || meta.dev === true) continue;
    if (meta.link === true) {
      // A link points at a folder elsewhere (a workspace, `npm link`): the zip would carry a
      // dangling name, so say so rather than ship a bot that fails on require().
      throw new AppBundleError(
        `${key} is a link (workspace or npm link); the app bundle holds installed packages only.`,
      );
    }
    if (!existsSync(path.join(rootDir, key))) {
      if (meta.optional === true || meta.devOptional === true) continue;
      throw new AppBundleError(
        `${key} is in package-lock.json but not installed: run \`npm ci\` first.`,
      );
    }
    kept.push(key);
  }
  return kept;
}
