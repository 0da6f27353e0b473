// The triage queue: flagged models filtered and sorted for an analyst. Both `dfwatch triage` and the
// web console parse their filters with triageFiltersSchema and run queryTriage, so the two always
// answer the same question with the same rows.
//
// The WHERE clause is assembled only from the fixed fragments below; every user value travels as a
// bound parameter, never as SQL text.
//
// Why this SQL lives here and not in src/db (issue 13 item 2): this is a query planner. Which table
// drives the query, which index it reads and in which order are chosen from the filters (each plan
// measured in bench/triage.ts), so the statement text is the plan itself; moving the fragments away
// from the choice would split one decision across two folders.
import { z } from 'zod';
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';
import { UserError } from '../errors.js';
import { newestClassifierVersion } from '../db/classifier-version.js';

export const PLATFORMS = ['civitai', 'huggingface'] as const satisfies readonly Platform[];
export const FLAGS = ['person', 'ncii', 'sexual', 'any'] as const;
export const REVIEW_DECISIONS = ['confirmed', 'false_positive', 'escalated', 'reported'] as const;
export const REVIEW_STATUSES = ['unreviewed', ...REVIEW_DECISIONS] as const;
export const SORTS = ['downloads', 'newest', 'growth', 'score'] as const;
export const GENDERS = ['female', 'male', 'unknown'] as const;
export const FAMES = ['celebrity', 'adult_performer', 'influencer', 'private', 'unknown'] as const;

export type Flag = (typeof FLAGS)[number];
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export type TriageSort = (typeof SORTS)[number];

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 10_000;
/** Far past any real queue; bounds OFFSET so a typo cannot make SQLite walk a million rows for nothing. */
export const MAX_PAGE = 100_000;

/** A date or date-time, returned as ISO 8601 UTC so it compares with the stored timestamps. */
const isoDate = z.string().transform((value, context) => {
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time)) {
    context.addIssue({ code: 'custom', message: 'expected a date like 2025-05-01 or an ISO 8601 time' });
    return z.NEVER;
  }
  return new Date(time).toISOString();
});

const wholeNumber = z.coerce.number().int().min(0);
/** Text filters: an empty form field means "no filter". */
const optionalText = z
  .string()
  .trim()
  .max(200)
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const optionalChoice = <T extends readonly [string, ...string[]]>(choices: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.enum(choices).optional());

/**
 * The filters as strings from the command line or a query string, validated once. An empty value
 * means "not set" so an HTML form can send every field.
 */
export const triageFiltersSchema = z.object({
  platform: optionalChoice(PLATFORMS),
  flag: optionalChoice(FLAGS).default('person'),
  since: z.preprocess((value) => (value === '' ? undefined : value), isoDate.optional()),
  grown: z.preprocess((value) => (value === '' ? undefined : value), wholeNumber.optional()),
  minDownloads: z.preprocess((value) => (value === '' ? undefined : value), wholeNumber.optional()),
  gender: optionalChoice(GENDERS),
  fame: optionalChoice(FAMES),
  base: optionalText,
  creator: optionalText,
  target: optionalText,
  status: optionalChoice(REVIEW_STATUSES),
  sort: optionalChoice(SORTS).default('downloads'),
  limit: z.preprocess((value) => (value === '' || value === undefined ? DEFAULT_LIMIT : value), z.coerce.number().int().min(1).max(MAX_LIMIT)),
  /** 1-based page of `limit` rows. */
  page: z.preprocess((value) => (value === '' || value === undefined ? 1 : value), z.coerce.number().int().min(1).max(MAX_PAGE)),
});

export type TriageFilters = z.output<typeof triageFiltersSchema>;
/** The raw filters: strings from a command line or a query string. */
export type TriageFilterInput = Partial<Record<keyof TriageFilters, string | number | undefined>>;

export interface EvidenceItem {
  rule: string;
  field: string;
  match: string;
  weight: number;
}

const evidenceSchema = z.array(
  z.object({ rule: z.string(), field: z.string(), match: z.coerce.string(), weight: z.coerce.number() }).loose(),
);

/** Evidence as stored by the classifier; anything malformed reads as no evidence rather than a crash. */
export function parseEvidence(json: string | null): EvidenceItem[] {
  if (!json) return [];
  try {
    const parsed = evidenceSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.map(({ rule, field, match, weight }) => ({ rule, field, match, weight })) : [];
  } catch {
    return [];
  }
}

/** The strongest pieces of evidence on one line: `rule "match" (field)`, heaviest first. */
export function summariseEvidence(evidence: EvidenceItem[], maxItems = 3): string {
  return [...evidence]
    .sort((a, b) => b.weight - a.weight)
    .slice(0, maxItems)
    .map((item) => `${item.rule} "${item.match.length > 40 ? `${item.match.slice(0, 39)}…` : item.match}" (${item.field})`)
    .join('; ');
}

export interface TriageRow {
  /** "platform:platformId", the reference `dfwatch show` and `review` take. */
  ref: string;
  modelId: number;
  platform: Platform;
  platformId: string;
  name: string;
  creator: string | null;
  url: string;
  /** Lifetime downloads (Civitai `downloadCount`, Hugging Face `downloadsAllTime`); null when hidden or not fetched. */
  downloadsLifetime: number | null;
  /** Downloads in the last 30 days: Hugging Face `downloads`; Civitai gives no such count (null). */
  downloads30d: number | null;
  /**
   * Lifetime downloads gained since the model's previous snapshot, so it reads beside
   * `downloadsLifetime`; null with a single snapshot or where either lifetime count is unknown.
   */
  growth: number | null;
  firstSeenAt: string;
  createdAt: string | null;
  isRemoved: boolean;
  personScore: number;
  personTarget: boolean;
  sexual: boolean;
  ncii: boolean;
  minorSignal: boolean;
  targetName: string | null;
  targetGender: string;
  fame: string;
  baseFamily: string;
  /** The latest review decision, or 'unreviewed'. */
  status: ReviewStatus;
  evidence: string;
}

/** The columns of a triage export (CSV and JSON lines), in order. */
export const TRIAGE_EXPORT_COLUMNS = [
  'ref', 'platform', 'platformId', 'name', 'creator', 'url', 'downloadsLifetime', 'downloads30d', 'growth', 'personTarget', 'sexual', 'ncii', 'minorSignal',
  'targetName', 'targetGender', 'fame', 'baseFamily', 'personScore', 'status', 'isRemoved', 'firstSeenAt', 'createdAt', 'evidence',
] as const satisfies readonly (keyof TriageRow)[];

/** The flags of a row as words, for tables. */
export function flagWords(row: Pick<TriageRow, 'personTarget' | 'sexual' | 'ncii' | 'minorSignal' | 'isRemoved'>): string[] {
  const words: string[] = [];
  if (row.ncii) words.push('NCII');
  else {
    if (row.personTarget) words.push('Person');
    if (row.sexual) words.push('Sexual');
  }
  if (row.minorSignal) words.push('Minor?');
  if (row.isRemoved) words.push('Removed');
  return words;
}

/**
 * A model's lifetime downloads: Civitai's `downloads` column is lifetime, Hugging Face's is a 30-day
 * window and its lifetime count is `downloads_all_time`. Written exactly as in the `models_lifetime`
 * expression index (migration 0011), so the window plan reads that index in order.
 */
const LIFETIME_EXPR = "(CASE WHEN platform = 'huggingface' THEN downloads_all_time ELSE downloads END)";
const LIFETIME_SQL = "(CASE WHEN m.platform = 'huggingface' THEN m.downloads_all_time ELSE m.downloads END)";
const THIRTY_DAY_SQL = "(CASE WHEN m.platform = 'huggingface' THEN m.downloads END)";

/** Lifetime downloads gained since the previous snapshot, in the unit of LIFETIME_SQL. */
const GROWTH_SQL = `(SELECT CASE WHEN m.platform = 'huggingface' THEN m.downloads_all_time - s.downloads_all_time ELSE m.downloads - s.downloads END
  FROM snapshots s WHERE s.model_id = m.id ORDER BY s.taken_at DESC LIMIT 1 OFFSET 1)`;

const STATUS_SQL = `(SELECT r.decision FROM reviews r WHERE r.model_id = m.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1)`;

// ncii implies person_target (ncii = person_target ∧ sexual), so saying both lets the query use the
// (classifier_version, person_target, ncii) index. `any` is any of the flags a row can show.
const FLAG_SQL: Record<Flag, string> = {
  person: 'c.person_target = 1',
  ncii: 'c.person_target = 1 AND c.ncii = 1',
  sexual: 'c.sexual = 1',
  any: '(c.person_target = 1 OR c.sexual = 1 OR c.minor_signal = 1)',
};

const ORDER_SQL: Record<TriageSort, string> = {
  downloads: `${LIFETIME_SQL} DESC, m.id DESC`,
  newest: 'm.first_seen_at DESC, m.created_at DESC, m.id DESC',
  growth: 'growth DESC, m.id DESC',
  score: `c.person_score DESC, ${LIFETIME_SQL} DESC, m.id DESC`,
};

/** ORDER_SQL over the materialised candidates of a `--grown` query (their column names). */
const CANDIDATE_ORDER_SQL: Record<TriageSort, string> = {
  downloads: 'downloads DESC, modelId DESC',
  newest: 'firstSeenAt DESC, createdAt DESC, modelId DESC',
  growth: 'growth DESC, modelId DESC',
  score: 'personScore DESC, downloads DESC, modelId DESC',
};

/**
 * Sorts that follow a models index. For them the top of that index is tried first: if the first
 * limit × WINDOW_FACTOR models by the sort key already hold `limit` matches, those are exactly the
 * answer (every model outside the window sorts after every model in it). Otherwise the next plan
 * runs. 40 covers filters matching one model in 40 or more, in a few milliseconds (bench/triage.ts).
 */
const WINDOW_ORDER_SQL: Partial<Record<TriageSort, string>> = {
  downloads: `${LIFETIME_EXPR} DESC, id DESC`,
  newest: 'first_seen_at DESC, created_at DESC, id DESC',
};
export const WINDOW_FACTOR = 40;

/**
 * Where the page query starts. Every plan applies the same WHERE clause and ORDER BY, so all of them
 * return the same rows; they differ only in which rows they visit to find them.
 * - `all`: every classification of the version (the planner picks the flag index).
 * - `window`: the top of the sort's models index (see WINDOW_ORDER_SQL); may find too few rows.
 * - `reviews`: models with a review of the asked decision; the reviews table is small.
 * - `creator`: models of the creator, found in the creator index (see caseVariantRanges).
 * - `target`: classifications naming a target, from the partial index on target_name.
 * - `earlier-snapshots`: models with a snapshot before the newest run; every other model has at most
 *   one snapshot, so no growth. Only chosen when few snapshots are that old (see EARLIER_SNAPSHOTS_CAP).
 * - `score`: classifications first, so person and ncii read the score index in order and stop after
 *   the page (plus the rows tied with its last score).
 */
export type TriagePlan =
  | { kind: 'all' | 'reviews' | 'creator' | 'target' | 'earlier-snapshots' | 'score' }
  | { kind: 'window'; size: number };

/**
 * `--grown` starts from the models with older snapshots when there are at most this many such
 * snapshot rows: past it, most models have history and the growth of each candidate is computed.
 */
export const EARLIER_SNAPSHOTS_CAP = 20_000;

/**
 * Letters whose case variants are enumerated for a creator: 2¹⁰ index seeks at most (~2 ms). A
 * shorter prefix leaves ranges that hold every creator sharing it (all of "creator1…" for "creator77").
 */
const CREATOR_PREFIX_LETTERS = 10;

const asciiUpper = (text: string) => text.replace(/[a-z]/g, (letter) => letter.toUpperCase());
const asciiLower = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * BINARY ranges holding every string equal to `text` under SQLite's NOCASE (which folds ASCII letters
 * only), so `creator = ? COLLATE NOCASE` can use the plain creator index. A variant differs from
 * `text` only in the case of ASCII letters and upper case sorts first, so with its prefix fixed it
 * lies between the prefix + the rest in upper case and the prefix + the rest in lower case. The
 * prefix's case variants are enumerated for the first `prefixLetters` letters; a name with no more
 * letters than that gets one single-value range per variant.
 */
export function caseVariantRanges(text: string, prefixLetters = CREATOR_PREFIX_LETTERS): [string, string][] {
  const upper = asciiUpper(text);
  const lower = asciiLower(text);
  let prefixes = [''];
  let position = 0;
  let letters = 0;
  for (; position < text.length; position++) {
    if (upper[position] === lower[position]) {
      prefixes = prefixes.map((prefix) => prefix + upper[position]);
    } else if (letters < prefixLetters) {
      prefixes = prefixes.flatMap((prefix) => [prefix + upper[position], prefix + lower[position]]);
      letters++;
    } else break;
  }
  return prefixes.map((prefix) => [prefix + upper.slice(position), prefix + lower.slice(position)]);
}

/** `%`, `_` and `\` in a user's text are literal, not LIKE wildcards. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

const BY_CLASSIFICATION = 'classifications c CROSS JOIN models m ON m.id = c.model_id';

/** The FROM clause of a plan, the WHERE fragments it adds, and their parameters (in that order). */
function planSource(plan: TriagePlan, filters: TriageFilters, classifierVersion: string): { from: string; fromParams: unknown[]; where: string[]; whereParams: unknown[] } {
  // The candidate ids come first in the join order; left as a WHERE term, an index on another
  // filtered column (platform) can look cheaper to the planner than the id list.
  const only = (ids: string, ...fromParams: unknown[]) => ({
    from: `(SELECT id FROM models WHERE id IN (${ids})) pick CROSS JOIN models m ON m.id = pick.id CROSS JOIN classifications c ON c.model_id = m.id`,
    fromParams,
    where: [],
    whereParams: [],
  });
  switch (plan.kind) {
    case 'all':
      return { from: 'classifications c JOIN models m ON m.id = c.model_id', fromParams: [], where: [], whereParams: [] };
    case 'window':
      return {
        from: `(SELECT id FROM models ORDER BY ${WINDOW_ORDER_SQL[filters.sort] ?? WINDOW_ORDER_SQL.downloads} LIMIT ?) top
          CROSS JOIN models m ON m.id = top.id CROSS JOIN classifications c ON c.model_id = m.id`,
        fromParams: [plan.size],
        where: [],
        whereParams: [],
      };
    case 'reviews':
      return only('SELECT model_id FROM reviews WHERE decision = ?', filters.status);
    case 'creator':
      // The ranges travel as one JSON parameter: [[low, high], …], one index range each.
      return only(
        'SELECT byCreator.id FROM json_each(?) r CROSS JOIN models byCreator ON byCreator.creator BETWEEN r.value ->> 0 AND r.value ->> 1',
        JSON.stringify(caseVariantRanges(filters.creator ?? '')),
      );
    case 'earlier-snapshots':
      return only('SELECT model_id FROM snapshots WHERE run_id < (SELECT max(run_id) FROM snapshots)');
    case 'target':
      // A subquery of its own, so the planner reads the partial index on target_name (IS NOT NULL
      // says it may) rather than the flag indexes the other terms would point it to.
      return only(
        "SELECT model_id FROM classifications WHERE classifier_version = ? AND target_name IS NOT NULL AND target_name LIKE ? ESCAPE '\\'",
        classifierVersion,
        likeContains(filters.target ?? ''),
      );
    case 'score':
      return { from: BY_CLASSIFICATION, fromParams: [], where: [], whereParams: [] };
  }
}

/** The WHERE clause of a plan for these filters, with the FROM it reads and all parameters in order. */
function filterClause(filters: TriageFilters, classifierVersion: string, plan: TriagePlan): { from: string; where: string; params: unknown[] } {
  const source = planSource(plan, filters, classifierVersion);
  const where: string[] = ['c.classifier_version = ?', ...source.where];
  const params: unknown[] = [...source.fromParams, classifierVersion, ...source.whereParams];
  const add = (fragment: string, ...values: unknown[]) => {
    where.push(fragment);
    params.push(...values);
  };
  add(FLAG_SQL[filters.flag]);
  if (filters.platform) add('m.platform = ?', filters.platform);
  if (filters.since) add('m.first_seen_at >= ?', filters.since);
  if (filters.minDownloads !== undefined) add(`${LIFETIME_SQL} >= ?`, filters.minDownloads);
  if (filters.gender) add('c.target_gender = ?', filters.gender);
  if (filters.fame) add('c.fame = ?', filters.fame);
  if (filters.base) add('c.base_family = ? COLLATE NOCASE', filters.base);
  if (filters.creator) add('m.creator = ? COLLATE NOCASE', filters.creator);
  if (filters.target) add("c.target_name LIKE ? ESCAPE '\\'", likeContains(filters.target));
  // Never reviewed, or set back (the newest row says 'unreviewed'). NOT EXISTS first: it settles
  // most models with one index probe, and the latest-row subquery runs only for reviewed ones.
  if (filters.status === 'unreviewed') add(`(NOT EXISTS (SELECT 1 FROM reviews r WHERE r.model_id = m.id) OR ${STATUS_SQL} = 'unreviewed')`);
  else if (filters.status) add(`${STATUS_SQL} = ?`, filters.status);
  return { from: source.from, where: where.join(' AND '), params };
}

export interface BuildTriageOptions {
  plan?: TriagePlan;
  /** false: every matching row (exports); otherwise the filters' page of `limit` rows. */
  isPaged?: boolean;
}

/**
 * Builds the triage SQL from fixed fragments; user values only ever appear in `params`.
 *
 * The inner query finds the page (ids and sort keys only); the outer one computes growth, status and
 * evidence for those rows alone. Computing them for every candidate before the sort cost 200+ ms on
 * 80,000 person-targeting models (bench/triage.ts). CROSS JOIN fixes the join order where the
 * planner, not knowing the page is small, would scan models and probe it.
 */
export function buildTriageQuery(filters: TriageFilters, classifierVersion: string, options: BuildTriageOptions = {}): BuiltQuery {
  const { from, where, params } = filterClause(filters, classifierVersion, options.plan ?? { kind: 'all' });
  const order = ORDER_SQL[filters.sort];
  const isPaged = options.isPaged ?? true;
  const paging = isPaged ? 'LIMIT ? OFFSET ?' : '';
  let page: string;
  if (filters.grown === undefined) {
    page = `SELECT m.id AS modelId, c.rowid AS classificationRowid${filters.sort === 'growth' ? `, ${GROWTH_SQL} AS growth` : ''}
      FROM ${from}
      WHERE ${where}
      ORDER BY ${order}
      ${paging}`;
  } else {
    // Growth once per candidate: in the WHERE and the ORDER BY of one query SQLite computes the
    // correlated subquery twice, so the candidates are materialised with it first.
    page = `WITH candidates AS MATERIALIZED (
        SELECT m.id AS modelId, c.rowid AS classificationRowid, ${LIFETIME_SQL} AS downloads, m.first_seen_at AS firstSeenAt,
          m.created_at AS createdAt, c.person_score AS personScore, ${GROWTH_SQL} AS growth
        FROM ${from}
        WHERE ${where}
      )
      SELECT modelId, classificationRowid FROM candidates WHERE growth >= ? ORDER BY ${CANDIDATE_ORDER_SQL[filters.sort]} ${paging}`;
    params.push(filters.grown);
  }
  if (isPaged) params.push(filters.limit, (filters.page - 1) * filters.limit);
  const sql = `SELECT m.id AS modelId, m.platform, m.platform_id AS platformId, m.name, m.creator, m.url,
      ${LIFETIME_SQL} AS downloadsLifetime, ${THIRTY_DAY_SQL} AS downloads30d,
      ${GROWTH_SQL} AS growth, m.first_seen_at AS firstSeenAt, m.created_at AS createdAt, m.removed_at IS NOT NULL AS isRemoved,
      c.person_score AS personScore, c.person_target AS personTarget, c.sexual, c.ncii, c.minor_signal AS minorSignal,
      c.target_name AS targetName, c.target_gender AS targetGender, c.fame, c.base_family AS baseFamily,
      COALESCE(${STATUS_SQL}, 'unreviewed') AS status, c.evidence
    FROM (${page}) page
    CROSS JOIN models m ON m.id = page.modelId
    CROSS JOIN classifications c ON c.rowid = page.classificationRowid
    ORDER BY ${order}`;
  return { sql, params };
}

/**
 * Counting stops past this many matches: an exact count visits every match (~0.3–0.7 s for 70,000 at
 * 200,000 models on a loaded machine, bench/triage.ts), too slow for every page view; beyond it the
 * queue says "10,000+".
 */
export const COUNT_CAP = 10_000;

/** How many rows match the filters, all pages together, up to COUNT_CAP + 1. */
export function buildTriageCount(filters: TriageFilters, classifierVersion: string, plan: TriagePlan = { kind: 'all' }): BuiltQuery {
  const { from, where, params } = filterClause(filters, classifierVersion, plan);
  const matches =
    filters.grown === undefined
      ? `SELECT 1 FROM ${from} WHERE ${where}`
      : `SELECT 1 FROM (SELECT ${GROWTH_SQL} AS growth FROM ${from} WHERE ${where}) WHERE growth >= ?`;
  return { sql: `SELECT count(*) AS n FROM (${matches} LIMIT ?)`, params: [...params, ...(filters.grown === undefined ? [] : [filters.grown]), COUNT_CAP + 1] };
}

interface RawTriageRow extends Omit<TriageRow, 'ref' | 'isRemoved' | 'personTarget' | 'sexual' | 'ncii' | 'minorSignal' | 'evidence'> {
  isRemoved: number;
  personTarget: number;
  sexual: number;
  ncii: number;
  minorSignal: number;
  evidence: string;
}

export interface TriageResult {
  /** null when nothing has been classified yet. */
  classifierVersion: string | null;
  rows: TriageRow[];
}

export interface QueryTriageOptions {
  /** Choose the plan by the filters (default true); false always runs the `all` plan (tests compare both). */
  isPlanned?: boolean;
}

/** Whether at most `cap` snapshot rows predate the newest run (an index range read of at most `cap` rows). */
function hasFewEarlierSnapshots(store: Store, cap: number): boolean {
  const row = store.sqlite
    .prepare('SELECT count(*) AS n FROM (SELECT 1 FROM snapshots WHERE run_id < (SELECT max(run_id) FROM snapshots) LIMIT ?)')
    .get(cap + 1) as { n: number };
  return row.n <= cap;
}

/**
 * The plans to run, in order, for these filters: each but the last may be skipped when it finds
 * fewer than `limit` rows (only the window can), so the first complete one answers. Selective
 * sources come first: a filter that matches few models or none is then found without scanning the
 * flagged models (bench/triage.ts: 300–480 ms → a few ms at 1M models).
 */
export function planTriage(store: Store, filters: TriageFilters): TriagePlan[] {
  if (filters.status && filters.status !== 'unreviewed') return [{ kind: 'reviews' }];
  if (filters.grown !== undefined && hasFewEarlierSnapshots(store, EARLIER_SNAPSHOTS_CAP)) return [{ kind: 'earlier-snapshots' }];
  const plans: TriagePlan[] = [];
  if (WINDOW_ORDER_SQL[filters.sort]) plans.push({ kind: 'window', size: filters.page * filters.limit * WINDOW_FACTOR });
  if (filters.creator) plans.push({ kind: 'creator' });
  else if (filters.target) plans.push({ kind: 'target' });
  else if (filters.sort === 'score') plans.push({ kind: 'score' });
  else plans.push({ kind: 'all' });
  return plans;
}

function toTriageRow(row: RawTriageRow): TriageRow {
  return {
    ref: `${row.platform}:${row.platformId}`,
    ...row,
    isRemoved: row.isRemoved === 1,
    personTarget: row.personTarget === 1,
    sexual: row.sexual === 1,
    ncii: row.ncii === 1,
    minorSignal: row.minorSignal === 1,
    evidence: summariseEvidence(parseEvidence(row.evidence)),
  };
}

/** The filters' page of rows. */
export function queryTriage(store: Store, filters: TriageFilters, options: QueryTriageOptions = {}): TriageResult {
  const classifierVersion = newestClassifierVersion(store);
  if (classifierVersion === null) return { classifierVersion, rows: [] };
  const plans = options.isPlanned === false ? [{ kind: 'all' } as const] : planTriage(store, filters);
  let raw: RawTriageRow[] = [];
  for (const plan of plans) {
    const { sql, params } = buildTriageQuery(filters, classifierVersion, { plan });
    raw = store.sqlite.prepare(sql).all(...params) as RawTriageRow[];
    // The window holds the page only if it holds every row before it too, i.e. it filled the page.
    if (plan.kind !== 'window' || raw.length === filters.limit) break;
  }
  return { classifierVersion, rows: raw.map(toTriageRow) };
}

/**
 * How many rows match the filters on every page (for "50 of 141"), or COUNT_CAP + 1 when more than
 * COUNT_CAP do (see formatTotal); 0 before anything is classified.
 */
export function countTriage(store: Store, filters: TriageFilters): number {
  const classifierVersion = newestClassifierVersion(store);
  if (classifierVersion === null) return 0;
  // The last plan never depends on a window, so it counts every match.
  const plan = planTriage(store, filters).at(-1) ?? { kind: 'all' };
  const { sql, params } = buildTriageCount(filters, classifierVersion, plan);
  return (store.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

/** Every row matching the filters (page and limit ignored), streamed in queue order: the console's export. */
export function* iterateTriage(store: Store, filters: TriageFilters): Generator<TriageRow> {
  const classifierVersion = newestClassifierVersion(store);
  if (classifierVersion === null) return;
  const { sql, params } = buildTriageQuery(filters, classifierVersion, { isPaged: false });
  for (const row of store.sqlite.prepare(sql).iterate(...params) as Iterable<RawTriageRow>) yield toTriageRow(row);
}

const OPTION_NAMES: Partial<Record<keyof TriageFilters, string>> = { minDownloads: 'min-downloads' };

/** Validates raw filters; a bad value is a UserError naming the option, e.g. "--since: expected a date…". */
export function parseTriageFilters(input: TriageFilterInput): TriageFilters {
  const parsed = triageFiltersSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '') as keyof TriageFilters;
  throw new UserError(`--${OPTION_NAMES[key] ?? key}: ${issue?.message ?? 'invalid value'}`);
}
