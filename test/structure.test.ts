// The layering of src/, checked on every run: each folder imports only the folders before it in
// LAYERS (shared one-file modules at the root of src/ come first; cli.ts, the entry point, last).
// This is what "data flows one way" means in the code, and what each folder's README promises.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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

// "All SQL lives in src/db" (issue 13 item 2), except where hand-written SQL earns its place and the
// file says why: the triage query planner and the stats cube (ingest is in src/db already).
const SQL_ALLOWED = ['triage/triage.ts', 'stats/cube.ts'];

/**
 * SQL-shaped text: a statement's keywords in SQL's order and in capitals (the way every query here
 * is written), so prose and the classifier's word lists and regexes do not count.
 */
const SQL_SHAPES = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b/,
  /\bDELETE\s+FROM\b/,
  /\bUPDATE\s+[\w.]+\s+SET\b/,
  /\b(?:CREATE|DROP)\s+(?:TEMP\s+|TEMPORARY\s+)?(?:TABLE|VIEW|INDEX)\b/,
  /\bJOIN\s+[\w.]+(?:\s+[a-z]\w*)?\s+ON\b/,
];

function isSqlShaped(text: string): boolean {
  return SQL_SHAPES.some((shape) => shape.test(text));
}

/** Where a file builds or runs SQL: string and template literals shaped like SQL, drizzle's sql`` tag, and .prepare( calls. */
function sqlSites(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const sites: string[] = [];
  const at = (node: ts.Node, what: string) => sites.push(`${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isSqlShaped(node.text)) at(node, 'SQL text');
    } else if (ts.isTemplateExpression(node)) {
      // The literal parts with each substitution as a placeholder, so keywords on both sides of one still read in order.
      const text = node.head.text + node.templateSpans.map((span) => `\${…}${span.literal.text}`).join('');
      if (isSqlShaped(text)) at(node, 'SQL text');
    } else if (ts.isTaggedTemplateExpression(node) && node.tag.getText(source) === 'sql') {
      at(node, 'sql`` template');
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'prepare') {
      at(node, '.prepare( call');
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sites;
}

describe('SQL', () => {
  const outsideDb = sourceFiles(SRC).filter((file) => layerOf(file) !== 'db');
  const relative = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

  it('no SQL outside src/db, except the query planner and the stats cube', () => {
    const allowed = new Set(SQL_ALLOWED);
    expect(outsideDb.filter((file) => !allowed.has(relative(file))).flatMap(sqlSites)).toEqual([]);
  });

  it('allows SQL only in files that hold some and say why', () => {
    for (const file of SQL_ALLOWED) {
      const full = path.join(SRC, file);
      expect(sqlSites(full).length, file).toBeGreaterThan(0);
      expect(fs.readFileSync(full, 'utf8'), file).toMatch(/Why this SQL lives here and not in src\/db/);
    }
  });

  it('tells SQL from prose, word lists and regexes', () => {
    const shaped = ['SELECT id FROM models WHERE id = ?', 'INSERT OR IGNORE INTO tags', 'UPDATE hub_variants SET fame = ?', 'LEFT JOIN classifications c ON c.model_id = m.id'];
    const unshaped = ['select a model from the list', 'Selected from the top 1%', 'SELECT', '/\\b(select|from)\\b/i', 'Update the settings, then set a token'];
    expect(shaped.filter((text) => !isSqlShaped(text))).toEqual([]);
    expect(unshaped.filter(isSqlShaped)).toEqual([]);
  });
});
