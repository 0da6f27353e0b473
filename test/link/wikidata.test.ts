import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/crawlers/http.js';
import { linkTargets } from '../../src/crawlers/link-targets.js';
import { fameTierOf, searchLanguage, WikidataApiError, WikidataClient, wikidataHttpOptions, WIKIDATA_DEFAULT_RPS } from '../../src/crawlers/wikidata.js';
import { queryLinkedTargets } from '../../src/db/target-links.js';
import { openStore } from '../../src/db/open.js';
import { classify, ingest, memoryStore, modelRecord, startRun } from '../stats/store-builder.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { startFakeWikidata, type FakeEntity, type FakeWikidata } from '../helpers/wikidata-fake.js';

// Made-up people with made-up QIDs, shaped like real items.
const ENTITIES: FakeEntity[] = [
  { id: 'Q900001', labels: { en: 'Mira Solenne' }, description: 'fictional film character', instanceOf: ['Q15632617'] },
  {
    id: 'Q900002',
    labels: { en: 'Mira Solenne', fr: 'Mira Solenne' },
    description: 'French actress',
    instanceOf: ['Q5'],
    sexOrGender: ['Q6581072'],
    deprecatedGender: 'Q6581097',
    occupations: ['Q33999', 'Q177220'],
    sitelinks: ['enwiki', 'frwiki', 'dewiki'],
  },
  { id: 'Q900003', labels: { en: 'Mira Solenne Thompson' }, instanceOf: ['Q5'], sexOrGender: ['Q6581072'] },
  {
    id: 'Q900004',
    labels: { en: 'Han Seo-yun', ko: '한서윤' },
    aliases: { en: ['Seoyun'] },
    description: 'South Korean singer',
    instanceOf: ['Q5'],
    sexOrGender: ['Q6581072'],
    occupations: ['Q177220'],
    sitelinks: Array.from({ length: 45 }, (_, i) => `site${i}wiki`),
  },
  { id: 'Q900005', labels: { en: 'Velvet Dawn' }, description: 'band', instanceOf: ['Q215380'] },
  { id: 'Q900006', labels: { en: 'Rex Harlan' }, instanceOf: ['Q5'], sexOrGender: ['Q6581097'], occupations: ['Q488111'], sitelinks: ['enwiki'] },
];

let fake: FakeWikidata | undefined;
let http: HttpClient | undefined;
const slept: number[] = [];

async function client(): Promise<WikidataClient> {
  const server = await startFakeWikidata(ENTITIES);
  fake = server;
  // No rate limit in tests (time is not spent for real); the default is checked on its own.
  http = new HttpClient(wikidataHttpOptions('dfwatch/test contact: test@example.org', { rps: 0, retry: { limit: 0, connectLimit: 0 } }));
  return new WikidataClient({ baseUrl: server.url, http, sleep: async (ms) => void slept.push(ms) });
}

afterEach(async () => {
  slept.length = 0;
  await http?.close();
  await fake?.close();
  http = undefined;
  fake = undefined;
});

describe('Wikidata client', () => {
  it('links a name to the human among the exact matches, with gender, occupations, sitelinks and fame tier', async () => {
    const wikidata = await client();
    const outcome = await wikidata.link('Mira Solenne');
    expect(outcome).toEqual({
      kind: 'linked',
      person: {
        qid: 'Q900002',
        label: 'Mira Solenne',
        // The deprecated P21 statement is ignored.
        gender: 'female',
        sexOrGender: ['Q6581072'],
        occupations: ['Q33999', 'Q177220'],
        sitelinks: 3,
        fame: 'celebrity',
        fameTier: 'national',
      },
    });
    const [searchRequest, entitiesRequest] = fake!.requests;
    expect(Object.fromEntries(searchRequest!.params)).toMatchObject({ action: 'wbsearchentities', search: 'Mira Solenne', language: 'en', type: 'item', format: 'json', maxlag: '5' });
    // The prefix match "Mira Solenne Thompson" is not asked for: only exact label or alias matches are.
    expect(entitiesRequest!.params.get('ids')).toBe('Q900001|Q900002');
    expect(entitiesRequest!.params.get('props')).toBe('claims|labels|sitelinks');
    expect(fake!.requests.every((request) => request.userAgent === 'dfwatch/test contact: test@example.org')).toBe(true);
  });

  it('searches a native-script name in its language and reaches the same person as the romanised name', async () => {
    const wikidata = await client();
    const native = await wikidata.link('한서윤');
    const romanised = await wikidata.link('han seo-yun');
    expect(fake!.requests[0]!.params.get('language')).toBe('ko');
    expect(native).toMatchObject({ kind: 'linked', person: { qid: 'Q900004', label: 'Han Seo-yun', fameTier: 'global' } });
    expect(romanised).toMatchObject({ kind: 'linked', person: { qid: 'Q900004' } });
  });

  it('links through an alias, and says when the only exact matches are not humans or there is none', async () => {
    const wikidata = await client();
    expect(await wikidata.link('Seoyun')).toMatchObject({ kind: 'linked', person: { qid: 'Q900004' } });
    expect(await wikidata.link('Velvet Dawn')).toEqual({ kind: 'not_human', candidates: 1 });
    expect(await wikidata.link('Mira')).toEqual({ kind: 'no_match' });
    expect(await wikidata.link('Rex Harlan')).toMatchObject({ person: { gender: 'male', fame: 'adult_performer', fameTier: 'local' } });
  });

  it('waits out maxlag for the time the server says, then asks again', async () => {
    const wikidata = await client();
    fake!.lagNext(2);
    expect(await wikidata.link('Mira Solenne')).toMatchObject({ kind: 'linked' });
    expect(slept).toEqual([1000, 1000]);
    expect(fake!.requests).toHaveLength(4);
  });

  it('turns other API errors into a WikidataApiError with the code', async () => {
    const wikidata = await client();
    fake!.failSearch('Mira Solenne');
    await expect(wikidata.link('Mira Solenne')).rejects.toThrow(WikidataApiError);
    await expect(wikidata.link('Mira Solenne')).rejects.toMatchObject({ code: 'internal_api_error_DBQueryError' });
  });

  it('is polite by default: one request at a time, at most one a second', () => {
    expect(WIKIDATA_DEFAULT_RPS).toBe(1);
    expect(wikidataHttpOptions('ua')).toMatchObject({ userAgent: 'ua', concurrency: 1, rps: 1 });
  });

  it('maps names to search languages and sitelinks to tiers', () => {
    expect(['Anna', '김다현', 'あいみょん', '新垣結衣', '林心如', 'Ольга'].map(searchLanguage)).toEqual(['en', 'ko', 'ja', 'zh', 'zh', 'ru']);
    expect([0, 1, 2, 9, 10, 39, 40].map(fameTierOf)).toEqual(['local', 'local', 'national', 'national', 'international', 'international', 'global']);
  });
});

describe('dfwatch link against the store', () => {
  function storeWithTargets() {
    const store = memoryStore();
    const run = startRun(store, { platform: 'civitai', asOf: '2026-01-01T00:00:00.000Z' });
    const targets: [string, string | null, 'female' | 'male' | 'unknown'][] = [
      ['1', 'Han Seo-yun', 'female'],
      ['2', '한서윤', 'unknown'],
      ['3', 'han seo-yun ', 'female'],
      ['4', 'Mira Solenne', 'female'],
      ['5', 'Nobody Known', 'female'],
      ['6', null, 'unknown'],
    ];
    ingest(store, run, '2026-01-01T00:00:00.000Z', targets.map(([id]) => modelRecord({ platformId: id, downloads: 10 })));
    for (const [id, targetName, targetGender] of targets) classify(store, 'civitai', id, { personTarget: true, targetName, targetGender });
    classify(store, 'civitai', '1', { version: 'old', personTarget: true, targetName: 'Only In Old' });
    return store;
  }

  it('looks each name up once, resumes where it stopped, retries failures next run, and merges aliases across scripts', async () => {
    const store = storeWithTargets();
    const wikidata = await client();
    const at = () => new Date('2026-12-01T06:00:00.000Z');
    const first = await linkTargets({ store, client: wikidata, classifierVersion: 'test-1', limit: 2, staleBefore: null, now: at });
    expect(first).toMatchObject({ names: 2, linked: 2, failed: [] });
    fake!.failSearch('Nobody Known');
    const second = await linkTargets({ store, client: wikidata, classifierVersion: 'test-1', limit: 10, staleBefore: null, now: at });
    // "han seo-yun" (two models) went first; the second run does only what is left.
    expect(second).toMatchObject({ names: 2, linked: 1, failed: [{ name: 'Nobody Known' }] });
    fake!.failSearch(null);
    const third = await linkTargets({ store, client: wikidata, classifierVersion: 'test-1', limit: 10, staleBefore: null, now: at });
    expect(third).toMatchObject({ names: 1, noMatch: 1, failed: [] });
    const requestsSoFar = fake!.requests.length;
    expect(await linkTargets({ store, client: wikidata, classifierVersion: 'test-1', limit: 10, staleBefore: null, now: at })).toMatchObject({ names: 0 });
    expect(fake!.requests.length).toBe(requestsSoFar);
    // A lookup older than the cut-off is done again.
    expect(await linkTargets({ store, client: wikidata, classifierVersion: 'test-1', limit: 10, staleBefore: '2026-12-02T00:00:00.000Z', now: at })).toMatchObject({ names: 4 });

    const top = queryLinkedTargets(store, { classifierVersion: 'test-1', limit: 10 });
    expect(top[0]).toMatchObject({ rank: 1, qid: 'Q900004', target: 'Han Seo-yun', models: 3, gender: 'female', fameTier: 'global' });
    expect(top[0]!.names.split(',').sort()).toEqual(['han seo-yun', '한서윤']);
    expect(top.map((row) => row.target)).toEqual(['Han Seo-yun', 'Mira Solenne', 'Nobody Known']);
    const view = store.sqlite.prepare('SELECT name_key, qid, gender, fame_tier FROM target_identities ORDER BY name_key').all();
    expect(view).toEqual([
      { name_key: 'han seo-yun', qid: 'Q900004', gender: 'female', fame_tier: 'global' },
      { name_key: 'mira solenne', qid: 'Q900002', gender: 'female', fame_tier: 'national' },
      { name_key: '한서윤', qid: 'Q900004', gender: 'female', fame_tier: 'global' },
    ]);
    store.close();
  });
});

describe('dfwatch link on the command line', () => {
  it('refuses to go online without a contact, in one line', async () => {
    const dir = tempDir();
    const db = `${dir}/d.db`;
    const store = storeWithVersion(db);
    store.close();
    const result = await runCli(['--db', db, 'link'], { DFWATCH_CONTACT: '' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['dfwatch: dfwatch link needs --contact EMAIL_OR_URL (or $DFWATCH_CONTACT): Wikimedia asks every client for one']);
  });

  it('says in one line when the database has no links yet', async () => {
    const db = `${tempDir()}/d.db`;
    const store = storeWithVersion(db);
    // As a file made before the link tables would look, opened read-only (so not migrated).
    store.sqlite.exec('DROP VIEW target_identities');
    store.close();
    const result = await runCli(['--db', db, 'link', '--top', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('dfwatch: no links stored in this database yet (run dfwatch link --contact … first)\n');
  });

  it('looks names up against the given origin and prints top targets merged by person', async () => {
    const server = await startFakeWikidata(ENTITIES);
    fake = server;
    const dir = tempDir();
    const db = `${dir}/d.db`;
    storeWithVersion(db).close();
    const looked = await runCli(['--db', db, 'link', '--contact', 'ops@example.org', '--base-url', fake!.url, '--rps', '5']);
    expect(looked.stderr).toBe('');
    expect(looked.stdout).toBe('2 names looked up: 2 linked to a person, 0 without an exact match, 0 matching only non-humans, 0 failed\n');
    expect(fake!.requests[0]!.userAgent).toMatch(/^dfwatch\/\S+ .*contact: ops@example\.org$/);
    const top = await runCli(['--db', db, 'link', '--top', '5', '--json']);
    expect(JSON.parse(top.stdout)).toEqual([expect.objectContaining({ qid: 'Q900004', models: 2 })]);
  });
});

function storeWithVersion(path: string) {
  const store = openStoreAt(path);
  const run = startRun(store, { platform: 'civitai', asOf: '2026-01-01T00:00:00.000Z' });
  ingest(store, run, '2026-01-01T00:00:00.000Z', [modelRecord({ platformId: '1', downloads: 1 }), modelRecord({ platformId: '2', downloads: 1 })]);
  classify(store, 'civitai', '1', { personTarget: true, targetName: 'Han Seo-yun' });
  classify(store, 'civitai', '2', { personTarget: true, targetName: '한서윤' });
  return store;
}

function openStoreAt(path: string) {
  return openStore({ path });
}
