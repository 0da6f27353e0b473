// Before the suite: bring dist/ up to date when src/ changed, so the tests that start the real
// binary run the current code at its real start-up cost (bin/dfwatch.js would otherwise fall back
// to compiling the sources with tsx on every start). A failed build is no failure here: the binary
// then runs the sources.
import { spawnSync } from 'node:child_process';
import { ROOT, isBuildCurrent } from '../bin/build-state.js';

export default function setup(): void {
  if (isBuildCurrent()) return;
  spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
}
