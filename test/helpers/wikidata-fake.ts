// A local stand-in for Wikidata's action API on 127.0.0.1, speaking its real shapes:
// wbsearchentities → {searchinfo, search[{id, title, pageid, concepturi, repository, url, display,
// label, description, match{type, language, text}, aliases?}], search-continue?, success};
// wbgetentities → {entities{Q…: {type, id, labels{lang: {language, value}}, claims{P…: [{mainsnak:
// {snaktype, property, datavalue{value{entity-type, numeric-id, id}, type: wikibase-entityid},
// datatype}, type, id, rank}]}, sitelinks{site: {site, title, badges}}} | {id, missing: ""}}, success};
// errors → {error{code, info, *}, servedby}, maxlag with a Retry-After header.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEntity {
  id: string;
  labels: Record<string, string>;
  aliases?: Record<string, string[]>;
  description?: string;
  instanceOf: string[];
  sexOrGender?: string[];
  occupations?: string[];
  /** Wikipedia sites the item has articles on, e.g. ["enwiki", "kowiki"]. */
  sitelinks?: string[];
  deprecatedGender?: string;
}

export interface FakeRequest {
  params: URLSearchParams;
  userAgent: string | undefined;
  at: number;
}

export interface FakeWikidata {
  url: string;
  requests: FakeRequest[];
  /** Answer the next N requests with a maxlag error. */
  lagNext(count: number): void;
  /** Answer every lookup of this search text with an internal error. */
  failSearch(text: string | null): void;
  close(): Promise<void>;
}

function itemValue(id: string) {
  return { value: { 'entity-type': 'item', 'numeric-id': Number(id.slice(1)), id }, type: 'wikibase-entityid' };
}

function statements(entityId: string, property: string, ids: string[], rank = 'normal') {
  return ids.map((id, index) => ({
    mainsnak: { snaktype: 'value', property, hash: `${entityId}${property}${index}`, datavalue: itemValue(id), datatype: 'wikibase-item' },
    type: 'statement',
    id: `${entityId}$${property}-${index}`,
    rank,
  }));
}

function entityJson(entity: FakeEntity) {
  const claims: Record<string, unknown[]> = { P31: statements(entity.id, 'P31', entity.instanceOf) };
  if (entity.sexOrGender) claims.P21 = statements(entity.id, 'P21', entity.sexOrGender);
  if (entity.deprecatedGender) claims.P21 = [...(claims.P21 ?? []), ...statements(entity.id, 'P21', [entity.deprecatedGender], 'deprecated')];
  if (entity.occupations) claims.P106 = statements(entity.id, 'P106', entity.occupations);
  return {
    pageid: Number(entity.id.slice(1)) + 1000,
    ns: 0,
    title: entity.id,
    lastrevid: 2_000_000_000,
    modified: '2026-11-01T00:00:00Z',
    type: 'item',
    id: entity.id,
    labels: Object.fromEntries(Object.entries(entity.labels).map(([language, value]) => [language, { language, value }])),
    claims,
    sitelinks: Object.fromEntries((entity.sitelinks ?? []).map((site) => [site, { site, title: entity.labels.en ?? entity.id, badges: [] }])),
  };
}

function searchResult(entity: FakeEntity, language: string, matchType: 'label' | 'alias', text: string) {
  const label = entity.labels[language] ?? entity.labels.en ?? entity.id;
  return {
    id: entity.id,
    title: entity.id,
    pageid: Number(entity.id.slice(1)) + 1000,
    concepturi: `http://www.wikidata.org/entity/${entity.id}`,
    repository: 'wikidata',
    url: `//www.wikidata.org/wiki/${entity.id}`,
    display: { label: { value: label, language }, ...(entity.description ? { description: { value: entity.description, language: 'en' } } : {}) },
    label,
    ...(entity.description ? { description: entity.description } : {}),
    match: { type: matchType, language, text },
    ...(matchType === 'alias' ? { aliases: [text] } : {}),
  };
}

/** Prefix search over labels and aliases in the asked language and English, like the real one. */
function search(entities: FakeEntity[], text: string, language: string) {
  const wanted = text.toLowerCase();
  const results = [];
  for (const entity of entities) {
    for (const lang of new Set([language, 'en'])) {
      const label = entity.labels[lang];
      if (label?.toLowerCase().startsWith(wanted)) {
        results.push(searchResult(entity, lang, 'label', label));
        break;
      }
      const alias = entity.aliases?.[lang]?.find((name) => name.toLowerCase().startsWith(wanted));
      if (alias) {
        results.push(searchResult(entity, lang, 'alias', alias));
        break;
      }
    }
  }
  return results;
}

export async function startFakeWikidata(entities: FakeEntity[]): Promise<FakeWikidata> {
  const requests: FakeRequest[] = [];
  let lagging = 0;
  let failing: string | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const params = url.searchParams;
    requests.push({ params, userAgent: req.headers['user-agent'], at: Date.now() });
    const send = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/w/api.php') {
      res.writeHead(404).end();
      return;
    }
    if (lagging > 0) {
      lagging--;
      send({ error: { code: 'maxlag', info: 'Waiting for 10.64.48.1: 6 seconds lagged.', host: 'db1', lag: 6, type: 'db', '*': 'See https://www.wikidata.org/w/api.php for API usage.' }, servedby: 'mw1' }, { 'retry-after': '1', 'x-database-lag': '6' });
      return;
    }
    const action = params.get('action');
    if (action === 'wbsearchentities') {
      const text = params.get('search') ?? '';
      if (failing !== null && text === failing) {
        send({ error: { code: 'internal_api_error_DBQueryError', info: '[abc] Database query error.' }, servedby: 'mw1' });
        return;
      }
      const limit = Number(params.get('limit') ?? '7');
      const found = search(entities, text, params.get('language') ?? 'en');
      send({ searchinfo: { search: text }, search: found.slice(0, limit), ...(found.length > limit ? { 'search-continue': limit } : {}), success: 1 });
      return;
    }
    if (action === 'wbgetentities') {
      const ids = (params.get('ids') ?? '').split('|').filter(Boolean);
      const byId = new Map(entities.map((entity) => [entity.id, entity]));
      send({ entities: Object.fromEntries(ids.map((id) => [id, byId.has(id) ? entityJson(byId.get(id)!) : { id, missing: '' }])), success: 1 });
      return;
    }
    send({ error: { code: 'badvalue', info: `Unrecognized value for parameter "action": ${action}.` }, servedby: 'mw1' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    lagNext: (count) => (lagging = count),
    failSearch: (text) => (failing = text),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
