// Before the suite: bring dist/ up to date when src/ changed, so the tests that start the real
// binary run the current code at its real start-up cost (bin/dfwatch.js would otherwise fall back
// to compiling the sources with tsx on every start). A failed build is no failure here: the binary
// then runs the sources.
import { buildDist, isBuildCurrent } from '../bin/build-state.js';

export default function setup(): void {
  if (!isBuildCurrent()) buildDist();
}
