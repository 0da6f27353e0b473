#!/usr/bin/env node
// dfwatch runs the JavaScript that `npm ci` compiled into dist/ (the `prepare` script), so a start
// loads no TypeScript compiler. A checkout whose src/ changed after that build runs its sources
// through tsx instead: slower to start, but never stale. DFWATCH_FROM_SOURCE=1 forces the sources.
import { pathToFileURL } from 'node:url';
import { BUILT_ENTRY, SOURCE_ENTRY, isBuildCurrent } from './build-state.js';

let entry = BUILT_ENTRY;
if (process.env.DFWATCH_FROM_SOURCE === '1' || !isBuildCurrent()) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = SOURCE_ENTRY;
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
