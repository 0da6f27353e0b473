#!/usr/bin/env node
// dfwatch ships TypeScript sources and runs them through tsx, so a clean `npm ci` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
