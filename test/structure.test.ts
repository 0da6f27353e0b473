// The layering of src/, checked on every run: each folder imports only the folders before it in
// LAYERS (shared one-file modules at the root of src/ come first; cli.ts, the entry point, last).
// This is what "data flows one way" means in the code, and what each folder's README promises.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));
const LAYERS = ['(shared)', 'db', 'crawlers', 'classify', 'stats', 'report', 'triage', 'export', 'replay', 'serve', 'commands', '(cli)'];
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function layerOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  if (rest.length > 0) return first ?? '(shared)';
  return first === 'cli.ts' ? '(cli)' : '(shared)';
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('src/ layering', () => {
  it('has a layer for every folder', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.filter((folder) => !LAYERS.includes(folder))).toEqual([]);
  });

  it('imports only downwards: no folder imports one above it', () => {
    const upward: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const to = layerOf(path.resolve(path.dirname(file), match[1] ?? ''));
        if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) upward.push(`${path.relative(SRC, file)} imports ${match[1]} (${from} → ${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('gives every folder a README saying what it owns and what it may import', () => {
    const folders = LAYERS.filter((layer) => !layer.startsWith('('));
    expect(folders.filter((folder) => !fs.existsSync(path.join(SRC, folder, 'README.md')))).toEqual([]);
  });

  it('keeps tests and bench apart: no test imports bench code', () => {
    const tests = fileURLToPath(new URL('.', import.meta.url));
    const intoBench: string[] = [];
    for (const file of sourceFiles(tests)) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = path.resolve(path.dirname(file), match[1] ?? '');
        if (path.relative(path.resolve(SRC, '..', 'bench'), target).split(path.sep)[0] !== '..') intoBench.push(`${path.relative(tests, file)} → ${match[1]}`);
      }
    }
    expect(intoBench).toEqual([]);
  });
});
