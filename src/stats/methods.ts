// The methods section, generated from the database: which crawls, how many requests and errors,
// which classifier, and this crawl's figures side by side with the study's.
import { queryClassifierCounts } from '../db/crawl-figures.js';
import { queryRecentRuns, queryRunTotals } from '../db/run-figures.js';
import type { QueryContext } from '../db/stats-sql.js';
import type { ClassifierInfo, ComparisonRow, Methods, PersonTargetingRow, ShareRow } from './types.js';
import { LORA_TYPES, STUDY } from './study.js';

const RUNS_SHOWN = 50;

function queryRuns(context: QueryContext): Pick<Methods, 'runs' | 'runsShown' | 'runsTotal' | 'totals' | 'crawlPeriod'> {
  const runs = queryRecentRuns(context, RUNS_SHOWN);
  const totals = queryRunTotals(context);
  return {
    runs: runs.reverse(),
    runsShown: runs.length,
    runsTotal: totals.runs,
    totals: { requests: totals.requests, retries: totals.retries, itemErrors: totals.itemErrors, pages: totals.pages, items: totals.items },
    crawlPeriod: { first: totals.first, last: totals.last },
  };
}

function queryClassifier(context: QueryContext): ClassifierInfo | null {
  const version = context.params.version;
  if (version === null) return null;
  return { version, ...queryClassifierCounts(context) };
}

const integer = new Intl.NumberFormat('en-US');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Side-by-side table; every "this crawl" figure is read from rows already aggregated in SQL. */
export function buildComparison(personTargeting: PersonTargetingRow[], shares: ShareRow[], hasClassifier: boolean): ComparisonRow[] {
  const total = personTargeting.find((row) => row.scope === 'all');
  const share = (dimension: ShareRow['dimension']) => shares.filter((row) => row.scope === 'all' && row.dimension === dimension);
  const notClassified = 'not classified (run dfwatch classify)';
  const genders = share('gender');
  const female = genders.find((row) => row.value === 'female')?.models ?? 0;
  const male = genders.find((row) => row.value === 'male')?.models ?? 0;
  const types = share('modelType');
  const targeting = types.reduce((sum, row) => sum + row.models, 0);
  const loras = types.filter((row) => (LORA_TYPES as readonly string[]).includes(row.value)).reduce((sum, row) => sum + row.models, 0);
  const families = share('baseFamily').slice(0, 3);
  return [
    {
      figure: 'Person-targeting model variants',
      study: STUDY.variants,
      thisCrawl: hasClassifier && total ? integer.format(total.classifier) : notClassified,
      note: total ? `Civitai's own poi flag: ${integer.format(total.civitaiPoi)}; classifier without poi: ${integer.format(total.classifierNoPoi)}` : '',
    },
    {
      figure: 'Their downloads',
      study: STUDY.downloads,
      thisCrawl: hasClassifier && total ? integer.format(total.downloadsLifetime) : notClassified,
      note: 'lifetime counters at the latest snapshot (Hugging Face: downloadsAllTime)',
    },
    {
      figure: 'Targeting women',
      study: STUDY.women,
      thisCrawl: hasClassifier && female + male > 0 ? percent(female / (female + male)) : notClassified,
      note: `of targets whose gender the classifier could tell (female ${integer.format(female)}, male ${integer.format(male)})`,
    },
    {
      figure: 'Model types',
      study: STUDY.modelTypes,
      thisCrawl: hasClassifier && targeting > 0 ? `${percent(loras / targeting)} LoRA (${LORA_TYPES.join('/')})` : notClassified,
      note: '',
    },
    {
      figure: 'Base models',
      study: STUDY.baseModels,
      thisCrawl: hasClassifier && families.length > 0 ? families.map((row) => `${row.value} ${percent(row.share)}`).join(', ') : notClassified,
      note: 'top base-model families among person-targeting models',
    },
  ];
}

export function queryMethods(context: QueryContext): Omit<Methods, 'comparison' | 'goldSet'> {
  return { ...queryRuns(context), classifier: queryClassifier(context) };
}
