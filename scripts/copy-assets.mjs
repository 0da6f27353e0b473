// Copies the files under src/ that TypeScript does not compile (the console's browser script) into
// dist/, so the built command finds them beside its modules as the sources do. Run by buildDist() in
// bin/build-state.js: `npm run build`, the test set-up and the bench alike.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '..', '..');
const SOURCES = path.join(ROOT, 'src');
const BUILT = path.join(ROOT, 'dist');

/** Everything but TypeScript and the folder READMEs, which are for people reading the sources. */
function isAsset(name) {
  return !name.endsWith('.ts') && name !== 'README.md';
}

function copyAssets(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (isAsset(entry.name)) {
      const to = path.join(BUILT, path.relative(SOURCES, from));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

copyAssets(SOURCES);
