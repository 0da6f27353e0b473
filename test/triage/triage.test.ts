import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { buildSyntheticStore } from '../../src/db/synthetic-store.js';
import { SAMPLE_TRIAGE_QUERIES } from '../../src/replay/triage-queries.js';
import {
  buildTriageQuery,
  caseVariantRanges,
  COUNT_CAP,
  countTriage,
  iterateTriage,
  MAX_LIMIT,
  planTriage,
  queryTriage,
  summariseEvidence,
  triageFiltersSchema,
  type TriageFilterInput,
  type TriagePlan,
} from '../../src/triage/triage.js';
import { buildTriageStore } from './fixture.js';
import { formatTotal, hasMoreRows } from '../../src/triage/labels.js';
import { newestClassifierVersion } from '../../src/db/classifier-version.js';

const parse = (input: TriageFilterInput) => triageFiltersSchema.parse(input);

describe('buildTriageQuery', () => {
  it('binds every user value as a parameter and never puts it in the SQL', () => {
    const hostile = `x' OR 1=1; DROP TABLE models; --`;
    const { sql, params } = buildTriageQuery(
      parse({ platform: 'civitai', creator: hostile, target: hostile, base: hostile, since: '2026-01-01', minDownloads: '5', grown: '3', status: 'confirmed' }),
      'v1',
    );
    expect(sql).not.toContain(hostile);
    expect(sql).not.toContain('DROP');
    expect(params).toEqual(['v1', 'civitai', '2026-01-01T00:00:00.000Z', 5, hostile, hostile, `%${hostile}%`, 'confirmed', 3, 50, 0]);
    expect((sql.match(/\?/g) ?? []).length).toBe(params.length);
  });

  it('escapes LIKE wildcards in the target name', () => {
    const { params } = buildTriageQuery(parse({ target: '50%_off\\' }), 'v1');
    expect(params).toContain('%50\\%\\_off\\\\%');
  });

  it('adds only the fragments for the filters given', () => {
    const { sql, params } = buildTriageQuery(parse({ flag: 'any' }), 'v1');
    expect(sql).toMatch(/WHERE c\.classifier_version = \? AND \(c\.person_target = 1 OR c\.sexual = 1 OR c\.minor_signal = 1\)\s+ORDER BY \(CASE WHEN m\.platform/);
    expect(params).toEqual(['v1', 50, 0]);
  });

  it('pages with OFFSET, and leaves paging out for an export', () => {
    expect(buildTriageQuery(parse({ limit: '20', page: '3' }), 'v1').params.slice(-2)).toEqual([20, 40]);
    const unpaged = buildTriageQuery(parse({ limit: '20', page: '3' }), 'v1', { isPaged: false });
    expect(unpaged.sql).not.toMatch(/LIMIT \? OFFSET \?/);
    expect(unpaged.params).toEqual(['v1']);
  });
});

describe('caseVariantRanges', () => {
  // SQLite's BINARY collation compares UTF-8 bytes.
  const inside = (value: string, [low, high]: [string, string]) =>
    Buffer.compare(Buffer.from(low), Buffer.from(value)) <= 0 && Buffer.compare(Buffer.from(value), Buffer.from(high)) <= 0;
  const variants = (text: string): string[] =>
    text === '' ? [''] : variants(text.slice(1)).flatMap((rest) => [...new Set([text[0]!.toUpperCase(), text[0]!.toLowerCase()])].map((first) => first + rest));

  it.each(['creator77', 'Ab_c-é9', 'x', '日本語Ab', 'pixelwright0'])('holds every string equal to %j under NOCASE', (text) => {
    const ranges = caseVariantRanges(text, 3);
    // NOCASE folds ASCII letters only: variants that change another character are different names.
    const nocaseEqual = variants(text).filter((variant) => variant.replace(/[a-z]/gi, '') === text.replace(/[a-z]/gi, ''));
    expect(nocaseEqual.length).toBeGreaterThan(1);
    for (const variant of nocaseEqual) expect(ranges.some((range) => inside(variant, range))).toBe(true);
  });

  it('gives single-value ranges when every letter is enumerated, so other names stay out', () => {
    const ranges = caseVariantRanges('ab1');
    expect(ranges).toEqual([
      ['AB1', 'AB1'],
      ['Ab1', 'Ab1'],
      ['aB1', 'aB1'],
      ['ab1', 'ab1'],
    ]);
    expect(ranges.some((range) => inside('ab12', range))).toBe(false);
  });
});

describe('triageFiltersSchema', () => {
  it('defaults to person-targeting models by downloads, 50 at a time', () => {
    expect(parse({})).toMatchObject({ flag: 'person', sort: 'downloads', limit: 50 });
  });

  it('treats empty form fields as unset', () => {
    const filters = parse({ platform: '', since: '', grown: '', creator: '  ', status: '', limit: '' });
    expect(filters).toMatchObject({ platform: undefined, since: undefined, grown: undefined, creator: undefined, status: undefined, limit: 50 });
  });

  it.each([
    [{ platform: 'myspace' }],
    [{ flag: 'famous' }],
    [{ since: 'last tuesday' }],
    [{ grown: '-1' }],
    [{ limit: '0' }],
    [{ sort: 'random' }],
    [{ status: 'done' }],
  ])('rejects %j', (input) => {
    expect(triageFiltersSchema.safeParse(input).success).toBe(false);
  });
});

describe('summariseEvidence', () => {
  it('lists the heaviest evidence first on one line', () => {
    expect(
      summariseEvidence([
        { rule: 'sexual.tag', field: 'tags', match: 'nsfw', weight: 0.2 },
        { rule: 'person.name', field: 'name', match: 'Jane Doe', weight: 0.7 },
      ]),
    ).toBe('person.name "Jane Doe" (name); sexual.tag "nsfw" (tags)');
  });
});

describe('queryTriage', () => {
  let store: Store;
  beforeEach(() => {
    store = buildTriageStore();
  });
  afterEach(() => store.close());

  const refs = (input: TriageFilterInput) => queryTriage(store, parse(input)).rows.map((row) => row.ref);

  it('uses the newest classifier version only', () => {
    const result = queryTriage(store, parse({}));
    expect(result.classifierVersion).toBe('1.0.0');
    expect(result.rows.map((row) => row.ref)).not.toContain('civitai:2');
  });

  it('lists person-targeting models by lifetime downloads by default', () => {
    expect(refs({})).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux', 'civitai:3', 'civitai:4']);
  });

  it('filters by flag', () => {
    expect(refs({ flag: 'ncii' })).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux']);
    expect(refs({ flag: 'sexual' })).toEqual(['civitai:2', 'civitai:1', 'civitai:5', 'huggingface:bob/jane-flux']);
  });

  it('reads --flag any as "any flag": a model with none is left out', () => {
    store.sqlite.exec(`UPDATE classifications SET sexual = 0 WHERE classifier_version = '1.0.0' AND model_id = (SELECT id FROM models WHERE platform_id = '2')`);
    expect(refs({ flag: 'any' })).not.toContain('civitai:2');
    expect(refs({ flag: 'any' })).toHaveLength(5);
    store.sqlite.exec(`UPDATE classifications SET minor_signal = 1 WHERE classifier_version = '1.0.0' AND model_id = (SELECT id FROM models WHERE platform_id = '2')`);
    expect(refs({ flag: 'any' })).toContain('civitai:2');
  });

  it('shows lifetime and 30-day downloads apart, and growth in lifetime downloads', () => {
    const rows = queryTriage(store, parse({ flag: 'any', sort: 'growth' })).rows;
    expect(rows.map((row) => [row.ref, row.downloadsLifetime, row.growth, row.downloads30d])).toEqual([
      ['civitai:1', 1500, 500, null],
      // Hugging Face: lifetime 300 → 400 while the 30-day count went 50 → 80.
      ['huggingface:bob/jane-flux', 400, 100, 80],
      ['civitai:2', 5100, 100, null],
      ['civitai:4', 10, 0, null],
      ['civitai:5', 700, null, null],
      ['civitai:3', 200, null, null],
    ]);
  });

  it('sorts and filters downloads by the lifetime count on both platforms', () => {
    // jane-flux has 400 lifetime but 80 in 30 days: it sorts above civitai:4 (10) and passes --min-downloads 300.
    expect(refs({ minDownloads: '300' })).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux']);
  });

  it('pages through the queue and counts every match', () => {
    expect(refs({ limit: '2', page: '1' })).toEqual(['civitai:1', 'civitai:5']);
    expect(refs({ limit: '2', page: '2' })).toEqual(['huggingface:bob/jane-flux', 'civitai:3']);
    expect(refs({ limit: '2', page: '3' })).toEqual(['civitai:4']);
    expect(refs({ limit: '2', page: '4' })).toEqual([]);
    expect(countTriage(store, parse({ limit: '2', page: '2' }))).toBe(5);
    expect(countTriage(store, parse({ flag: 'ncii', grown: '100' }))).toBe(2);
    expect(countTriage(store, parse({ status: 'unreviewed' }))).toBe(3);
  });

  it('exports every match in queue order, whatever the page', () => {
    expect([...iterateTriage(store, parse({ limit: '2', page: '2' }))].map((row) => row.ref)).toEqual(refs({ limit: '50' }));
  });

  it('counts a model set back to unreviewed as unreviewed', () => {
    const modelId = (store.sqlite.prepare(`SELECT id FROM models WHERE platform_id = '3'`).get() as { id: number }).id;
    store.sqlite.prepare(`INSERT INTO reviews (model_id, decision, reviewer, created_at) VALUES (?, 'unreviewed', 'ana', '2026-02-05T00:00:00.000Z')`).run(modelId);
    expect(refs({ status: 'unreviewed' })).toEqual(['civitai:5', 'huggingface:bob/jane-flux', 'civitai:3', 'civitai:4']);
    expect(refs({ status: 'false_positive' })).toEqual([]);
  });

  it('combines filters', () => {
    expect(refs({ flag: 'ncii', platform: 'civitai', grown: '100' })).toEqual(['civitai:1']);
    expect(refs({ gender: 'female', fame: 'celebrity', base: 'sdxl' })).toEqual(['civitai:1', 'civitai:5']);
    expect(refs({ creator: 'ALICE' })).toEqual(['civitai:1', 'civitai:3']);
    expect(refs({ target: 'jane', minDownloads: '100' })).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux']);
    expect(refs({ since: '2026-01-15' })).toEqual(['civitai:5', 'civitai:3']);
  });

  it('filters by the latest review decision', () => {
    expect(refs({ status: 'escalated' })).toEqual(['civitai:1']);
    expect(refs({ status: 'confirmed' })).toEqual([]);
    expect(refs({ status: 'false_positive' })).toEqual(['civitai:3']);
    expect(refs({ status: 'unreviewed' })).toEqual(['civitai:5', 'huggingface:bob/jane-flux', 'civitai:4']);
  });

  it('sorts by newest and by score, and honours the limit', () => {
    expect(refs({ sort: 'newest', limit: '2' })).toEqual(['civitai:5', 'civitai:3']);
    expect(refs({ sort: 'score' })).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux', 'civitai:3', 'civitai:4']);
  });

  it('returns rows with status, flags and one-line evidence', () => {
    const [row] = queryTriage(store, parse({ limit: '1' })).rows;
    expect(row).toMatchObject({
      ref: 'civitai:1',
      name: 'Jane Doe LoRA',
      downloadsLifetime: 1500,
      downloads30d: null,
      growth: 500,
      ncii: true,
      personTarget: true,
      status: 'escalated',
      targetName: 'Jane Doe',
      url: 'https://civitai.com/models/1',
      evidence: 'person.name "Jane Doe" (name); sexual.tag "nsfw" (tags)',
    });
  });

  it('returns no rows before anything is classified', () => {
    store.sqlite.exec('DELETE FROM classifications');
    expect(queryTriage(store, parse({}))).toEqual({ classifierVersion: null, rows: [] });
  });
});

describe('queryTriage on a larger synthetic store', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore({ path: ':memory:' });
    buildSyntheticStore(store, 4000);
  });
  afterAll(() => store.close());

  const queries: { name: string; filters: TriageFilterInput }[] = [
    ...SAMPLE_TRIAGE_QUERIES,
    { name: 'escalated, by score', filters: { status: 'escalated', sort: 'score' } },
    { name: 'false positives, any flag', filters: { status: 'false_positive', flag: 'any' } },
    { name: 'creator in another case, by newest', filters: { creator: 'CREATOR7', flag: 'any', sort: 'newest' } },
    { name: 'creator, any flag, by score', filters: { creator: 'Creator12', flag: 'any', sort: 'score' } },
    { name: 'target in lower case, by score', filters: { target: 'name 4', sort: 'score' } },
    { name: 'target with a LIKE wildcard', filters: { target: 'Name_1', flag: 'any' } },
    { name: 'grown, by downloads', filters: { grown: 100 } },
    { name: 'grown, unreviewed, by score', filters: { grown: 10, status: 'unreviewed', sort: 'score' } },
    { name: 'grown 0, any flag, by newest', filters: { grown: 0, flag: 'any', sort: 'newest' } },
    { name: 'ncii, by score', filters: { flag: 'ncii', sort: 'score' } },
  ];
  const limits = [1, 7, 50, 400];
  const ids = (parsed: ReturnType<typeof parse>, plan: TriagePlan) => {
    const { sql, params } = buildTriageQuery(parsed, newestClassifierVersion(store)!, { plan });
    return (store.sqlite.prepare(sql).all(...params) as { modelId: number }[]).map((row) => row.modelId);
  };

  it.each(queries.map((query) => [query.name, query.filters] as const))('gives the same rows with and without a plan: %s', (_name, filters) => {
    for (const limit of limits) {
      for (const page of [1, 3]) {
        const parsed = parse({ ...filters, limit, page });
        const planned = queryTriage(store, parsed).rows.map((row) => row.modelId);
        const full = queryTriage(store, parsed, { isPlanned: false }).rows.map((row) => row.modelId);
        expect(planned).toEqual(full);
      }
    }
  });

  it.each(queries.map((query) => [query.name, query.filters] as const))('counts what the pages hold: %s', (_name, filters) => {
    const all = queryTriage(store, parse({ ...filters, limit: MAX_LIMIT }), { isPlanned: false }).rows.length;
    expect(countTriage(store, parse(filters))).toBe(all);
  });

  // Each plan on its own, not only the one planTriage picks: a plan that starts from a selective
  // source must still return every matching row.
  it.each(queries.map((query) => [query.name, query.filters] as const))('gives the same rows from every plan that applies: %s', (_name, filters) => {
    for (const limit of limits) {
      const parsed = parse({ ...filters, limit });
      const plans: TriagePlan[] = [{ kind: 'score' }];
      if (parsed.status && parsed.status !== 'unreviewed') plans.push({ kind: 'reviews' });
      if (parsed.creator) plans.push({ kind: 'creator' });
      if (parsed.target) plans.push({ kind: 'target' });
      if (parsed.grown !== undefined) plans.push({ kind: 'earlier-snapshots' });
      const full = ids(parsed, { kind: 'all' });
      for (const plan of plans) expect([plan.kind, ids(parsed, plan)]).toEqual([plan.kind, full]);
    }
  });

  it('finds matches to compare: most queries return rows', () => {
    const withRows = queries.filter(({ filters }) => queryTriage(store, parse(filters)).rows.length > 0);
    expect(withRows.length).toBeGreaterThanOrEqual(queries.length - 3);
  });

  it('starts --status from the reviews and --grown from older snapshots when few are older', () => {
    expect(planTriage(store, parse({ status: 'confirmed' }))).toEqual([{ kind: 'reviews' }]);
    expect(planTriage(store, parse({ grown: 5 }))).toEqual([{ kind: 'earlier-snapshots' }]);
    expect(planTriage(store, parse({ target: 'x' }))).toEqual([{ kind: 'window', size: 50 * 40 }, { kind: 'target' }]);
    expect(planTriage(store, parse({ page: '3' }))[0]).toEqual({ kind: 'window', size: 3 * 50 * 40 });
    expect(planTriage(store, parse({ sort: 'score' }))).toEqual([{ kind: 'score' }]);
  });
});

describe('queryTriage when every model has one snapshot (a single crawl)', () => {
  it('answers --grown from the older snapshots: none, so no rows', () => {
    const store = openStore({ path: ':memory:' });
    buildSyntheticStore(store, 2000);
    // Keep only the newest run's snapshots, as after a first crawl.
    store.sqlite.exec('DELETE FROM snapshots WHERE run_id < (SELECT max(run_id) FROM snapshots)');
    const parsed = parse({ grown: 0, flag: 'any' });
    expect(planTriage(store, parsed)).toEqual([{ kind: 'earlier-snapshots' }]);
    expect(queryTriage(store, parsed).rows).toEqual([]);
    expect(queryTriage(store, parsed, { isPlanned: false }).rows).toEqual([]);
    store.close();
  });
});

describe('counting past the cap', () => {
  it('stops counting at COUNT_CAP + 1 and says "10,000+"', () => {
    const store = openStore({ path: ':memory:' });
    buildSyntheticStore(store, 30_000);
    const parsed = parse({ flag: 'any' });
    const total = countTriage(store, parsed);
    expect(total).toBe(COUNT_CAP + 1);
    expect(formatTotal(total)).toBe('10,000+');
    // Past the cap, a full page means there may be more.
    expect(hasMoreRows(total, 10_050, true)).toBe(true);
    expect(hasMoreRows(141, 141, true)).toBe(false);
    expect(formatTotal(141)).toBe('141');
    store.close();
  });
});
