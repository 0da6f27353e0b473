#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` builds): compiles src/ into dist/ and copies the files
// TypeScript does not compile. The same buildDist() the test set-up and the bench call.
import { buildDist } from './build-state.js';

if (!buildDist('inherit')) process.exitCode = 1;
