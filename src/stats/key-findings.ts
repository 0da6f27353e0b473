// The report's first screen: the study's headline figures beside this crawl's, each with its
// definition, and for classifier-based counts an interval corrected for the classifier's measured
// precision and recall (correction.ts). Every figure is read from rows already aggregated in SQL.
import type { Confusion, GoldSetScores, KeyFinding, KeyFindings, PersonTargetingRow, Stats } from './types.js';
import { correctionFactor, corrected, type CorrectionFactor } from './correction.js';
import { LORA_TYPES, STUDY } from './study.js';

const integer = new Intl.NumberFormat('en-US');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

type Inputs = Pick<Stats, 'overview' | 'personTargeting' | 'growth' | 'shares' | 'removals' | 'reuploads'> & { hasClassifier: boolean };

function correctionOf(confusion: Confusion | undefined, observed: number): KeyFinding['corrected'] {
  const factor: CorrectionFactor | null = confusion ? correctionFactor(confusion) : null;
  if (!factor) return null;
  return { ...corrected(observed, factor), precision: factor.precision, recall: factor.recall, goldCases: factor.goldCases };
}

function shareFinding(inputs: Inputs, total: PersonTargetingRow | undefined) {
  const shares = (dimension: string) => inputs.shares.filter((row) => row.scope === 'all' && row.dimension === dimension);
  const models = (dimension: string, values: readonly string[]) => shares(dimension).filter((row) => values.includes(row.value)).reduce((sum, row) => sum + row.models, 0);
  return { shares, models, targeting: total?.classifier ?? 0 };
}

export function buildKeyFindings(inputs: Inputs, gold: GoldSetScores | null): KeyFindings {
  const total = inputs.personTargeting.find((row) => row.scope === 'all');
  const { shares, models, targeting } = shareFinding(inputs, total);
  const notClassified = 'not classified (run dfwatch classify)';
  const has = inputs.hasClassifier && total !== undefined;
  const findings: KeyFinding[] = [];

  findings.push({
    id: 'personTargeting',
    label: 'Deepfake (person-targeting) models',
    study: STUDY.variants,
    value: has ? total.classifier : null,
    unit: 'models',
    text: has ? integer.format(total.classifier) : notClassified,
    definition:
      "Models the classifier says are made to reproduce a specific real person's likeness (every signal, Civitai's poi flag included); " +
      `${has ? `${integer.format(total.activeClassifier)} still up, ${integer.format(total.unnamedTargets)} with no target name found` : 'none classified'}.`,
    corrected: has ? correctionOf(gold?.personTarget, total.classifier) : null,
    source: 'personTargeting[scope=all].classifier',
  });
  findings.push({
    id: 'downloadsLifetime',
    label: 'Their downloads (lifetime)',
    study: STUDY.downloads,
    value: has ? total.downloadsLifetime : null,
    unit: 'downloads',
    text: has ? integer.format(total.downloadsLifetime) : notClassified,
    definition:
      'Lifetime download counters at each model\'s latest snapshot (Civitai downloadCount, Hugging Face downloadsAllTime)' +
      (has && total.downloads30d !== null ? `; Hugging Face last 30 days, counted apart: ${integer.format(total.downloads30d)}` : '') +
      (has && total.modelsWithoutDownloads > 0 ? `; ${integer.format(total.modelsWithoutDownloads)} ${total.modelsWithoutDownloads === 1 ? 'model hides its' : 'models hide their'} counter and count as 0` : '') +
      '. The corrected interval assumes missed models are downloaded like flagged ones.',
    corrected: has ? correctionOf(gold?.personTarget, total.downloadsLifetime) : null,
    source: 'personTargeting[scope=all].downloadsLifetime',
  });
  const gained = inputs.growth.rows.find((row) => row.scope === 'all' && row.population === 'person-targeting');
  const isGrowth = inputs.growth.method === 'snapshots';
  findings.push({
    id: 'downloadsGained',
    label: 'Downloads gained by them',
    study: null,
    value: has && isGrowth && gained ? gained.downloadsGained : null,
    unit: 'downloads',
    text: !has ? notClassified : isGrowth && gained ? integer.format(gained.downloadsGained) : 'not measurable yet (one snapshot)',
    definition: isGrowth
      ? `Lifetime downloads gained between snapshots, each platform from its baseline (${inputs.growth.platforms.map((row) => `${row.platform} ${row.method === 'snapshots' ? `since ${row.since}` : 'not measured'}`).join(', ')})` +
        (gained && gained.modelsUnmeasured > 0 ? `; ${integer.format(gained.modelsUnmeasured)} models first seen later are left out` : '') +
        '.'
      : 'Needs two crawls: growth is the latest snapshot minus an earlier one.',
    corrected: null,
    source: 'growth.rows[scope=all,population=person-targeting].downloadsGained',
  });
  const female = models('gender', ['female']);
  const known = models('gender', ['female', 'male']);
  findings.push({
    id: 'womenShare',
    label: 'Share targeting women',
    study: STUDY.women,
    value: has && known > 0 ? female / known : null,
    unit: 'share',
    text: has && known > 0 ? percent(female / known) : notClassified,
    definition: `Female targets among targets whose gender the classifier could tell (female ${integer.format(female)}, male ${integer.format(known - female)}, unknown ${integer.format(targeting - known)}).`,
    corrected: null,
    source: 'shares[scope=all,dimension=gender]: female / (female + male)',
  });
  findings.push({
    id: 'nciiExplicitShare',
    label: 'NCII (explicit) share',
    study: null,
    value: has && targeting > 0 ? total.nciiExplicit / targeting : null,
    unit: 'share',
    text: has && targeting > 0 ? `${percent(total.nciiExplicit / targeting)} (${integer.format(total.nciiExplicit)} models)` : notClassified,
    definition:
      'Person-targeting models whose listing shows or promises nude or sexual imagery of the person (NCII level explicit)' +
      (has ? `; a further ${integer.format(total.nciiSuggestive)} (${percent(targeting > 0 ? total.nciiSuggestive / targeting : 0)}) sexualise without that (suggestive)` : '') +
      '. The interval corrects the explicit count.',
    corrected: has ? correctionOf(gold?.ncii, total.nciiExplicit) : null,
    source: 'personTargeting[scope=all].nciiExplicit / personTargeting[scope=all].classifier',
  });
  const loras = models('modelType', LORA_TYPES);
  findings.push({
    id: 'loraShare',
    label: 'LoRA share',
    study: STUDY.modelTypes,
    value: has && targeting > 0 ? loras / targeting : null,
    unit: 'share',
    text: has && targeting > 0 ? percent(loras / targeting) : notClassified,
    definition: `Low-rank adapters (${LORA_TYPES.join(', ')}) among person-targeting models; the rest are checkpoints, embeddings and other types.`,
    corrected: null,
    source: 'shares[scope=all,dimension=modelType]: LORA + LoCon + DoRA',
  });
  const families = shares('baseFamily').slice(0, 3);
  findings.push({
    id: 'baseFamilies',
    label: 'Base-model families',
    study: STUDY.baseModels,
    value: null,
    unit: 'list',
    text: has && families.length > 0 ? families.map((row) => `${row.value} ${percent(row.share)}`).join(', ') : notClassified,
    definition: 'The three most common base-model families among person-targeting models (a model counts under the first base model it names).',
    corrected: null,
    source: 'shares[scope=all,dimension=baseFamily]',
  });
  const perPlatform = inputs.personTargeting.filter((row) => row.scope !== 'all');
  findings.push({
    id: 'platforms',
    label: 'Platforms',
    study: null,
    value: null,
    unit: 'list',
    text: perPlatform.length > 0 ? perPlatform.map((row) => `${row.scope} ${integer.format(row.classifier)}`).join(', ') : 'no models',
    definition: 'Person-targeting models per platform crawled.',
    corrected: null,
    source: 'personTargeting[scope=civitai|huggingface].classifier',
  });
  const removed = inputs.removals.find((row) => row.scope === 'all' && row.reason === 'any');
  const reuploaded = inputs.reuploads.summary.reduce((sum, row) => sum + row.personTargetingPairs, 0);
  findings.push({
    id: 'removals',
    label: 'Removed person-targeting models',
    study: null,
    value: has ? (removed?.personTargeting ?? 0) : null,
    unit: 'models',
    text: has ? `${integer.format(removed?.personTargeting ?? 0)} removed; ${integer.format(reuploaded)} re-upload pairs` : notClassified,
    definition: 'Seen in an earlier full crawl, then missing, taken down, archived, gated or disabled. Re-upload pairs: the same file under another id or on the other platform, either side person-targeting.',
    corrected: null,
    source: 'removals[scope=all,reason=any].personTargeting',
  });

  return {
    findings,
    correction: gold?.personTarget
      ? {
          goldSet: gold.goldSet ?? gold.source,
          classifierVersion: gold.classifierVersion ?? null,
          goldCases: Object.values(gold.personTarget).reduce((sum, count) => sum + count, 0),
          method:
            'estimate = observed × precision / recall, from the gold set\'s confusion counts (a Rogan–Gladen style correction); 95% interval: percentile bootstrap over the gold cases (2,000 resamples, fixed seed). ' +
            'It assumes the gold set\'s error rates hold for this crawl.',
        }
      : null,
  };
}
