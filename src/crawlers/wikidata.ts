// Wikidata's action API for `dfwatch link`: find the human a target name names (wbsearchentities,
// then wbgetentities on the candidates; humans only, P31 = Q5) and read their sex or gender (P21),
// occupations (P106) and sitelink count. Wikimedia's etiquette (API-NOTES.md, "Wikidata"): a
// User-Agent with a contact, serial requests, maxlag=5 — a lagged server answers 200 with an error
// `maxlag` and a Retry-After, which this client waits out before asking again.
import { z } from 'zod';
import { HttpClient, type HttpClientOptions, type HttpResponse } from './http.js';
import { InvalidResponseError } from './http-errors.js';

export const WIKIDATA_BASE_URL = 'https://www.wikidata.org';
/** At most one request a second by default (Wikimedia asks for serial, unhurried clients). */
export const WIKIDATA_DEFAULT_RPS = 1;
/** Candidates read per name: the search is ranked, and the person is nearly always in the first few. */
export const SEARCH_LIMIT = 7;
const MAXLAG_SECONDS = 5;
const MAXLAG_RETRIES = 5;

export const HUMAN = 'Q5';
const GENDERS: Record<string, 'female' | 'male'> = {
  Q6581072: 'female',
  Q6581097: 'male',
  Q1052281: 'female', // trans woman
  Q2449503: 'male', // trans man
};
/** Occupations that decide dfwatch's fame category; the rest leave it to the classifier. */
const ADULT_OCCUPATIONS = new Set(['Q488111']); // pornographic actor
const CELEBRITY_OCCUPATIONS = new Set(['Q33999', 'Q10800557', 'Q10798782', 'Q177220', 'Q4610556', 'Q82955', 'Q2066131']); // actor, film actor, television actor, singer, model, politician, athlete
const INFLUENCER_OCCUPATIONS = new Set(['Q17125263']); // YouTuber

const ApiError = z.looseObject({ code: z.string(), info: z.string().optional() });

const ApiSearchResult = z.looseObject({
  id: z.string(),
  label: z.string().optional(),
  description: z.string().optional(),
  match: z.looseObject({ type: z.string(), language: z.string().optional(), text: z.string() }).optional(),
});
export const ApiSearchResponse = z.looseObject({ search: z.array(ApiSearchResult).optional(), error: ApiError.optional() });

const ApiSnak = z.looseObject({
  snaktype: z.string(),
  property: z.string().optional(),
  datavalue: z.looseObject({ type: z.string(), value: z.unknown() }).optional(),
});
const ApiStatement = z.looseObject({ mainsnak: ApiSnak, rank: z.string().optional() });
const ApiEntity = z.looseObject({
  id: z.string(),
  missing: z.string().optional(),
  labels: z.record(z.string(), z.looseObject({ value: z.string() })).optional(),
  claims: z.record(z.string(), z.array(ApiStatement)).optional(),
  sitelinks: z.record(z.string(), z.unknown()).optional(),
});
export const ApiEntitiesResponse = z.looseObject({ entities: z.record(z.string(), ApiEntity).optional(), error: ApiError.optional() });
type ApiEntity = z.infer<typeof ApiEntity>;

export type FameTier = 'global' | 'international' | 'national' | 'local';

/** What dfwatch keeps about a linked person. */
export interface WikidataPerson {
  qid: string;
  label: string | null;
  gender: 'female' | 'male' | 'other' | null;
  sexOrGender: string[];
  occupations: string[];
  sitelinks: number;
  fame: 'adult_performer' | 'celebrity' | 'influencer' | null;
  fameTier: FameTier;
}

/** Sitelinks (Wikipedia and sister articles) as a fame tier; the cut points are round, not fitted. */
export function fameTierOf(sitelinks: number): FameTier {
  if (sitelinks >= 40) return 'global';
  if (sitelinks >= 10) return 'international';
  if (sitelinks >= 2) return 'national';
  return 'local';
}

function itemIds(entity: ApiEntity, property: string): string[] {
  const ids: string[] = [];
  for (const statement of entity.claims?.[property] ?? []) {
    // Deprecated statements are known to be wrong; "novalue"/"somevalue" snaks carry no item.
    if (statement.rank === 'deprecated' || statement.mainsnak.snaktype !== 'value') continue;
    const value = statement.mainsnak.datavalue?.value;
    if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') ids.push(value.id);
  }
  return ids;
}

export function isHuman(entity: ApiEntity): boolean {
  return itemIds(entity, 'P31').includes(HUMAN);
}

export function personOf(entity: ApiEntity, languages: readonly string[]): WikidataPerson {
  const sexOrGender = itemIds(entity, 'P21');
  const occupations = itemIds(entity, 'P106');
  const genders = new Set(sexOrGender.map((id) => GENDERS[id] ?? 'other'));
  const sitelinks = Object.keys(entity.sitelinks ?? {}).length;
  // One label per person whichever script found it (English first), so merged rows read the same.
  const label = ['en', 'mul', ...languages].map((language) => entity.labels?.[language]?.value).find(Boolean) ?? Object.values(entity.labels ?? {})[0]?.value ?? null;
  let fame: WikidataPerson['fame'] = null;
  if (occupations.some((id) => ADULT_OCCUPATIONS.has(id))) fame = 'adult_performer';
  else if (occupations.some((id) => CELEBRITY_OCCUPATIONS.has(id))) fame = 'celebrity';
  else if (occupations.some((id) => INFLUENCER_OCCUPATIONS.has(id))) fame = 'influencer';
  return {
    qid: entity.id,
    label,
    gender: genders.size === 1 ? [...genders][0]! : genders.size === 0 ? null : 'other',
    sexOrGender,
    occupations,
    sitelinks,
    fame,
    fameTier: fameTierOf(sitelinks),
  };
}

/** The search language for a name: its script decides (Hangul → ko, kana → ja, Han → zh, Cyrillic → ru), else en. */
export function searchLanguage(name: string): string {
  if (/\p{Script=Hangul}/u.test(name)) return 'ko';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(name)) return 'ja';
  if (/\p{Script=Han}/u.test(name)) return 'zh';
  if (/\p{Script=Cyrillic}/u.test(name)) return 'ru';
  return 'en';
}

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

export function searchUrl(baseUrl: string, name: string, language: string): string {
  const params = new URLSearchParams({ action: 'wbsearchentities', search: name, language, uselang: language, type: 'item', limit: String(SEARCH_LIMIT), format: 'json', maxlag: String(MAXLAG_SECONDS) });
  return `${baseUrl}/w/api.php?${params}`;
}

export function entitiesUrl(baseUrl: string, ids: readonly string[], language: string): string {
  const params = new URLSearchParams({ action: 'wbgetentities', ids: ids.join('|'), props: 'claims|labels|sitelinks', languages: [...new Set([language, 'en', 'mul'])].join('|'), format: 'json', maxlag: String(MAXLAG_SECONDS) });
  return `${baseUrl}/w/api.php?${params}`;
}

/** The API answered with an error object (other than maxlag, which is waited out). */
export class WikidataApiError extends Error {
  override name = 'WikidataApiError';
  constructor(
    readonly code: string,
    readonly url: string,
    info: string | undefined,
  ) {
    super(`Wikidata error ${code} from ${url}${info ? `: ${info}` : ''}`);
  }
}

export type LinkOutcome = { kind: 'linked'; person: WikidataPerson } | { kind: 'no_match' } | { kind: 'not_human'; candidates: number };

export interface WikidataClientOptions {
  baseUrl: string;
  http: HttpClient;
  sleep?: (ms: number) => Promise<void>;
}

export function wikidataHttpOptions(userAgent: string, overrides: Partial<HttpClientOptions> = {}): HttpClientOptions {
  return { userAgent, concurrency: 1, rps: WIKIDATA_DEFAULT_RPS, ...overrides };
}

export class WikidataClient {
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(private readonly options: WikidataClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  private async read<T extends z.ZodType<{ error?: { code: string; info?: string } }>>(url: string, schema: T): Promise<z.infer<T>> {
    for (let attempt = 0; ; attempt++) {
      const response: HttpResponse<unknown> = await this.options.http.getJson(url);
      const parsed = schema.safeParse(response.body);
      if (!parsed.success) throw new InvalidResponseError(url, parsed.error.issues[0]?.message ?? 'unexpected shape', JSON.stringify(response.body).slice(0, 2000));
      const error = parsed.data.error;
      if (!error) return parsed.data;
      if (error.code !== 'maxlag' || attempt >= MAXLAG_RETRIES) throw new WikidataApiError(error.code, url, error.info);
      const retryAfter = Number(response.headers.get('retry-after'));
      await this.sleep((Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : MAXLAG_SECONDS) * 1000);
    }
  }

  /**
   * The human a name names: search candidates whose label or alias equals the name (the search
   * also matches prefixes — "Emma" finds "Emma Watson" — which must not link), then the first of
   * them in search order that is a human.
   */
  async link(name: string): Promise<LinkOutcome> {
    const language = searchLanguage(name);
    const search = await this.read(searchUrl(this.options.baseUrl, name, language), ApiSearchResponse);
    const wanted = fold(name);
    const exact = (search.search ?? []).filter((result) => fold(result.match?.text ?? result.label ?? '') === wanted).map((result) => result.id);
    if (exact.length === 0) return { kind: 'no_match' };
    const entities = await this.read(entitiesUrl(this.options.baseUrl, exact, language), ApiEntitiesResponse);
    for (const id of exact) {
      const entity = entities.entities?.[id];
      if (entity && entity.missing === undefined && isHuman(entity)) return { kind: 'linked', person: personOf(entity, [language]) };
    }
    return { kind: 'not_human', candidates: exact.length };
  }
}
