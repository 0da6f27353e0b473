#!/usr/bin/env node
// dfwatch runs the JavaScript that `npm ci` compiled into dist/ (the `prepare` script), so a start
// loads no TypeScript compiler. A checkout whose src/ changed after that build runs its sources
// through tsx instead: slower to start, but never stale. DFWATCH_FROM_SOURCE=1 forces the sources.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(fileURLToPath(import.meta.url), '..', '..');
const built = path.join(root, 'dist', 'cli.js');

/** The newest modification time under a directory (a few milliseconds for src/'s hundred files). */
function newestChange(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildCurrent() {
  if (process.env.DFWATCH_FROM_SOURCE === '1') return false;
  let builtAt;
  try {
    builtAt = fs.statSync(built).mtimeMs;
  } catch {
    return false;
  }
  const sources = path.join(root, 'src');
  return !fs.existsSync(sources) || newestChange(sources) <= builtAt;
}

let entry = built;
if (!isBuildCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = path.join(root, 'src', 'cli.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
