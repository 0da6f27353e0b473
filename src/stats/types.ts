// The shape of `dfwatch stats --json` and of the report's stats.json. Every figure is per platform
// and in total ("all"); every count and sum comes from an SQL aggregate (see stats.ts).
import type { Platform } from '../db/schema.js';
import type {
  BreakdownRow,
  ClassifierInfo,
  ConcentrationRow,
  GrowthRow,
  MonthlyRow,
  OverviewRow,
  PersonTargetingRow,
  RemovalRow,
  ReuploadPairRow,
  ReuploadSummaryRow,
  RunRow,
  ShareRow,
  TopCreatorRow,
  TopTargetRow,
} from '../db/stats-rows.js';

// The tables' rows are what the queries in src/db return.
export type * from '../db/stats-rows.js';

export interface StatsOptions {
  /** Only this platform (default: both). */
  platform?: Platform;
  /** ISO 8601: measure download growth from this time (default: the earliest crawl's date). */
  since?: string;
  /** Classifier version to report (default: the most recently classified one). */
  classifierVersion?: string;
  /** Rows in the "top" tables (creators, targets, re-upload pairs). Default 25. */
  topN?: number;
  /** Injected clock for generatedAt. */
  now?: () => Date;
}

export interface GrowthPlatform {
  platform: Platform;
  /** This platform's baseline date: --since, else its own first snapshot. */
  since: string;
  /** Snapshot dates (runs that left snapshots) of this platform. */
  snapshots: number;
  method: 'snapshots' | 'not measurable';
}

export interface Growth {
  /** --since, else the earliest snapshot of any platform (each platform's own date is in `platforms`). */
  since: string | null;
  /** 'snapshots': measured between two snapshots; 'lifetime': only one snapshot, lifetime counts instead. */
  method: 'snapshots' | 'lifetime';
  note: string;
  platforms: GrowthPlatform[];
  rows: GrowthRow[];
}

/** Gold-set cases by truth and prediction. */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface GoldSetScores {
  source: string;
  /** Person-targeting without poi (the text-only mode). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  examples: number | null;
  /** The gold file and the classifier version scored on it (the running code's version). */
  goldSet?: string;
  classifierVersion?: string;
  /** Gold models found neither in the database nor in the records archive. */
  missing?: number;
  /** Confusion counts behind the corrected intervals of the key findings. */
  personTarget?: Confusion;
  personTargetNoPoi?: Confusion;
  ncii?: Confusion;
}

export interface ComparisonRow {
  figure: string;
  study: string;
  thisCrawl: string;
  note: string;
}

export interface Methods {
  runs: RunRow[];
  runsShown: number;
  runsTotal: number;
  totals: { requests: number; retries: number; itemErrors: number; pages: number; items: number };
  crawlPeriod: { first: string | null; last: string | null };
  classifier: ClassifierInfo | null;
  goldSet: GoldSetScores | null;
  comparison: ComparisonRow[];
}

export type KeyFindingId =
  | 'personTargeting'
  | 'downloadsLifetime'
  | 'downloadsGained'
  | 'womenShare'
  | 'nciiExplicitShare'
  | 'loraShare'
  | 'baseFamilies'
  | 'platforms'
  | 'removals';

export interface KeyFinding {
  id: KeyFindingId;
  label: string;
  /** The study's published figure, where it gives one. */
  study: string | null;
  /** This crawl's figure: a count, downloads, or a share 0–1; null for lists and what cannot be measured. */
  value: number | null;
  unit: 'models' | 'downloads' | 'share' | 'list';
  /** The figure as the report prints it. */
  text: string;
  definition: string;
  /** Classifier-based counts corrected for the gold set's precision and recall (null without --gold). */
  corrected: { observed: number; estimate: number; low: number; high: number; precision: number; recall: number; goldCases: number } | null;
  /** Where in this JSON the figure comes from. */
  source: string;
}

export interface KeyFindings {
  findings: KeyFinding[];
  /** How the intervals were made, or null when no gold set was scored. */
  correction: { goldSet: string; classifierVersion: string | null; /** Gold cases with a person label (undecided ones are left out). */ goldCases: number; method: string } | null;
}

/** What the crawl covers, for the report's banner: anything short of two full, unscoped platforms. */
export interface Coverage {
  /** Platforms with models in this report. */
  platforms: Platform[];
  /** Platforms whose latest run was a sample (--max-pages) or an archive import. */
  sampledPlatforms: Platform[];
  /** Platforms whose latest run was narrowed by a query, user name or base model. */
  scopedPlatforms: Platform[];
  /** Platforms whose latest run did not finish. */
  unfinishedPlatforms: Platform[];
  /** One sentence each, empty for a full crawl of both platforms. */
  warnings: string[];
}

export interface Stats {
  generatedAt: string;
  filters: { platform: Platform | null; since: string | null; classifierVersion: string | null };
  notes: string[];
  overview: OverviewRow[];
  personTargeting: PersonTargetingRow[];
  growth: Growth;
  shares: ShareRow[];
  breakdown: BreakdownRow[];
  monthly: MonthlyRow[];
  concentration: ConcentrationRow[];
  topCreators: TopCreatorRow[];
  topTargets: TopTargetRow[];
  removals: RemovalRow[];
  reuploads: { summary: ReuploadSummaryRow[]; pairs: ReuploadPairRow[] };
  methods: Methods;
  keyFindings: KeyFindings;
  coverage: Coverage;
}
