// Whether dist/ (compiled by `npm run build`, which `npm ci` runs as `prepare`) is at least as new as
// every file under src/. Shared by bin/dfwatch.js and the test set-up, so both judge staleness alike.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(import.meta.url), '..', '..');
export const BUILT_ENTRY = path.join(ROOT, 'dist', 'cli.js');
export const SOURCE_ENTRY = path.join(ROOT, 'src', 'cli.ts');

/** The newest modification time under a directory (a few milliseconds for src/'s hundred files). */
function newestChange(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function isBuildCurrent() {
  let builtAt;
  try {
    builtAt = fs.statSync(BUILT_ENTRY).mtimeMs;
  } catch {
    return false;
  }
  const sources = path.join(ROOT, 'src');
  return !fs.existsSync(sources) || newestChange(sources) <= builtAt;
}

/** Compiles src/ into dist/ and copies the files TypeScript does not compile, as `npm run build` does. */
export function buildDist(stdio = 'ignore') {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio });
  if (tsc.status !== 0) return false;
  return spawnSync(process.execPath, ['scripts/copy-assets.mjs'], { cwd: ROOT, stdio }).status === 0;
}
