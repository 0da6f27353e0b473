// The report's tables, built from Stats: one definition drives report.md, report.html and the CSVs,
// so the three always show the same rows.
import type { KeyFinding, Stats } from '../stats/types.js';

const integerFormat = new Intl.NumberFormat('en-US');

export type ColumnKind = 'text' | 'integer' | 'share' | 'number';
export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  label: string;
  kind: ColumnKind;
}

export interface ReportTable {
  /** File-name safe: the CSV is `<id>.csv`. */
  id: string;
  title: string;
  description?: string;
  /** Tables that name people (targets, creators, or models carrying their names) print a warning. */
  namesIndividuals: boolean;
  columns: Column[];
  rows: Record<string, Cell>[];
}

export const NAMES_WARNING =
  'Warning: this table names real people or the accounts that published models of them. Do not republish it; use --redact for public reports.';

const text = (key: string, label: string): Column => ({ key, label, kind: 'text' });
const integer = (key: string, label: string): Column => ({ key, label, kind: 'integer' });
const share = (key: string, label: string): Column => ({ key, label, kind: 'share' });

const SHARE_TITLES: Record<string, string> = {
  gender: 'Target gender',
  fame: 'Target fame',
  ncii: 'Sexual content (NCII)',
  nciiLevel: 'NCII level',
  baseFamily: 'Base-model family',
  modelType: 'Model type',
};

export function correctedText(finding: KeyFinding, hasGold: boolean): string {
  const corrected = finding.corrected;
  if (corrected) return `${integerFormat.format(corrected.estimate)} (95% interval ${integerFormat.format(corrected.low)}–${integerFormat.format(corrected.high)})`;
  const isClassifierCount = ['personTargeting', 'downloadsLifetime', 'nciiExplicitShare'].includes(finding.id);
  return isClassifierCount && !hasGold ? 'not measured (pass --gold)' : '';
}

/** The key findings as a table: report.md and the CSV (report.html draws them as cards). */
export function keyFindingsTable(stats: Stats): ReportTable {
  const hasGold = stats.keyFindings.correction !== null;
  return {
    id: 'key-findings',
    title: 'Key findings',
    namesIndividuals: false,
    columns: [
      text('label', 'Figure'),
      text('study', 'Deepfakes on Demand (2025)'),
      text('text', 'This crawl'),
      text('corrected', 'Corrected for classifier error'),
      text('definition', 'Definition'),
    ],
    rows: stats.keyFindings.findings.map((finding) => ({
      label: finding.label,
      study: finding.study,
      text: finding.text,
      corrected: correctedText(finding, hasGold),
      definition: finding.definition,
    })),
  };
}

/** Labels of the re-hosting figures, in the order the table shows them (each with its definition). */
const REHOSTING_LABELS: [keyof Stats['rehosting']['definitions'], string, (figures: Stats['rehosting']) => number][] = [
  ['archiveRepos', 'Archive repos', (figures) => figures.archiveRepos],
  ['variants', 'Model files (variants)', (figures) => figures.variants],
  ['variantsWithSidecar', 'With a Civitai sidecar', (figures) => figures.variantsWithSidecar],
  ['linkedVariants', 'Linked to a Civitai model', (figures) => figures.linkedVariants],
  ['linkedBySidecar', 'Linked by sidecar id', (figures) => figures.linkedBySidecar],
  ['linkedBySha256', 'Linked by SHA256', (figures) => figures.linkedBySha256],
  ['linkedByAutov2', 'Linked by AutoV2', (figures) => figures.linkedByAutov2],
  ['linkedByCivitaiApi', "Linked by Civitai's by-hash API", (figures) => figures.linkedByCivitaiApi],
  ['rehostedCivitaiModels', 'Civitai models re-hosted', (figures) => figures.rehostedCivitaiModels],
  ['personTargetingVariants', 'Person-targeting files (poi ignored)', (figures) => figures.personTargetingVariants],
  ['personTargetingVariantsWithPoi', 'Person-targeting files (every signal)', (figures) => figures.personTargetingVariantsWithPoi],
  ['poiVariants', 'Files re-hosting a poi model', (figures) => figures.poiVariants],
  ['rehostedAfterRemoval', 'Files re-hosted after removal', (figures) => figures.rehostedAfterRemoval.variants],
  ['unclassifiedVariants', 'Files not yet classified', (figures) => figures.unclassifiedVariants],
];

function rehostingTables(stats: Stats): ReportTable[] {
  const figures = stats.rehosting;
  const removed = figures.rehostedAfterRemoval;
  return [
    {
      id: 'rehosting',
      title: 'Re-hosted on Hugging Face, counted by file',
      description: figures.definitions.scope,
      namesIndividuals: false,
      columns: [text('figure', 'Figure'), integer('value', 'Value'), text('definition', 'Definition')],
      rows: [
        ...REHOSTING_LABELS.map(([key, label, value]) => ({ figure: label, value: value(figures), definition: figures.definitions[key] })),
        { figure: 'Removed Civitai models re-hosted', value: removed.civitaiModels, definition: figures.definitions.rehostedAfterRemoval },
        { figure: 'Downloads of the repos re-hosting removed models', value: removed.repoDownloads, definition: figures.definitions.rehostedAfterRemoval },
      ],
    },
    {
      id: 'archive-repos',
      title: 'Archive repos by person-targeting files',
      description: figures.definitions.topArchiveRepos,
      namesIndividuals: true,
      columns: [
        text('repo', 'Repo'),
        integer('personTargetingVariants', 'Person-targeting files'),
        integer('variants', 'Files'),
        integer('linkedVariants', 'Linked to Civitai'),
        integer('downloadsAllTime', 'Downloads (lifetime, repo)'),
        text('firstSeenAt', 'First seen'),
      ],
      rows: figures.topArchiveRepos.map((repo) => ({ ...repo })),
    },
  ];
}

export function buildTables(stats: Stats): ReportTable[] {
  const tables: ReportTable[] = [
    keyFindingsTable(stats),
    {
      id: 'overview',
      title: 'Models crawled',
      description:
        'Lifetime downloads at the latest snapshot (Civitai downloadCount, Hugging Face downloadsAllTime). Hugging Face `downloads` covers the last 30 days only.',
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        integer('models', 'Models'),
        integer('activeModels', 'Still up'),
        integer('removedModels', 'Removed'),
        integer('creators', 'Creators'),
        integer('downloadsLifetime', 'Downloads (lifetime)'),
        integer('downloads30d', 'Downloads (HF, last 30 days)'),
        integer('modelsWithoutDownloads', 'Counter hidden'),
        text('firstSeenAt', 'First seen'),
        text('lastSeenAt', 'Last seen'),
      ],
      rows: stats.overview.map((row) => ({ ...row })),
    },
    {
      id: 'person-targeting',
      title: 'Person-targeting models',
      description:
        "Classifier: every signal; without poi: Civitai's uploader-set flag ignored (works on Hugging Face and after Civitai's May 2025 ban); poi: Civitai's own flag.",
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        integer('classifier', 'Classifier'),
        integer('classifierNoPoi', 'Classifier without poi'),
        integer('civitaiPoi', 'Civitai poi'),
        integer('poiAndClassifierNoPoi', 'poi and classifier without poi'),
        integer('activeClassifier', 'Still up'),
        integer('ncii', 'NCII'),
        integer('nciiExplicit', 'NCII explicit'),
        integer('nciiSuggestive', 'NCII suggestive'),
        integer('unnamedTargets', 'No target name'),
        integer('modelsWithoutDownloads', 'Counter hidden'),
        integer('downloadsLifetime', 'Downloads (lifetime)'),
        integer('downloads30d', 'Downloads (HF, last 30 days)'),
        integer('civitaiPoiDownloadsLifetime', 'Civitai poi: downloads (lifetime)'),
      ],
      rows: stats.personTargeting.map((row) => ({ ...row })),
    },
    ...Object.entries(SHARE_TITLES).map(
      ([dimension, title]): ReportTable => ({
        id: `share-${dimension.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
        title: `${title} among person-targeting models`,
        namesIndividuals: false,
        columns: [text('scope', 'Platform'), text('value', title), integer('models', 'Models'), share('share', 'Share'), integer('downloadsLifetime', 'Downloads (lifetime)')],
        rows: stats.shares.filter((row) => row.dimension === dimension).map((row) => ({ ...row })),
      }),
    ),
    {
      id: 'growth',
      title: 'Downloads gained',
      description: stats.growth.note,
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        text('population', 'Models'),
        integer('downloadsGained', stats.growth.method === 'snapshots' ? 'Downloads gained (lifetime counters)' : 'Downloads (lifetime)'),
        integer('modelsWithBaseline', 'With an earlier snapshot'),
        integer('modelsNewSince', 'New since'),
        integer('modelsUnmeasured', 'Unmeasured'),
      ],
      rows: stats.growth.rows.map((row) => ({ ...row })),
    },
    {
      id: 'growth-baselines',
      title: 'Growth baselines',
      description: 'The date each platform\'s growth is measured from: --since, else that platform\'s own first snapshot.',
      namesIndividuals: false,
      columns: [text('platform', 'Platform'), text('since', 'Measured since'), integer('snapshots', 'Snapshot dates'), text('method', 'Growth')],
      rows: stats.growth.platforms.map((row) => ({ ...row })),
    },
    {
      id: 'models-by-type',
      title: 'All models by type',
      namesIndividuals: false,
      columns: [text('scope', 'Platform'), text('value', 'Type'), integer('models', 'Models'), integer('downloadsLifetime', 'Downloads (lifetime)')],
      rows: stats.breakdown.filter((row) => row.dimension === 'type').map((row) => ({ ...row })),
    },
    {
      id: 'models-by-base-model',
      title: 'All models by base model',
      description: 'A model counts under the first base model it names (on Civitai, its newest version\'s).',
      namesIndividuals: false,
      columns: [text('scope', 'Platform'), text('value', 'Base model'), integer('models', 'Models'), integer('downloadsLifetime', 'Downloads (lifetime)')],
      rows: stats.breakdown.filter((row) => row.dimension === 'baseModel').map((row) => ({ ...row })),
    },
    {
      id: 'monthly',
      title: 'New models per month',
      description: 'By month of creation (Civitai: earliest version). Cumulative downloads: lifetime downloads, at the latest snapshot, of the models created up to that month.',
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        text('month', 'Month'),
        integer('newModels', 'New models'),
        integer('newPersonTargeting', 'New person-targeting'),
        integer('cumulativeModels', 'Models so far'),
        integer('cumulativePersonTargeting', 'Person-targeting so far'),
        integer('cumulativeDownloadsLifetime', 'Cumulative downloads (lifetime)'),
        integer('cumulativePersonTargetingDownloadsLifetime', 'Cumulative person-targeting downloads (lifetime)'),
      ],
      rows: stats.monthly.map((row) => ({ ...row })),
    },
    {
      id: 'creator-concentration',
      title: 'Creator concentration',
      description:
        'Share of models (creators ranked by model count) and of downloads (ranked by downloads) from the top 1% and 10% of creators.',
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        text('population', 'Models'),
        integer('creators', 'Creators'),
        integer('models', 'Models'),
        share('top1PctModelsShare', 'Top 1%: models'),
        share('top10PctModelsShare', 'Top 10%: models'),
        share('top1PctDownloadsShare', 'Top 1%: downloads'),
        share('top10PctDownloadsShare', 'Top 10%: downloads'),
        integer('modelsWithoutCreator', 'No creator recorded'),
      ],
      rows: stats.concentration.map((row) => ({ ...row })),
    },
    {
      id: 'top-creators',
      title: 'Top creators',
      namesIndividuals: true,
      columns: [
        integer('rank', 'Rank'),
        text('platform', 'Platform'),
        text('creator', 'Creator'),
        integer('models', 'Models'),
        integer('personTargetingModels', 'Person-targeting'),
        integer('downloadsLifetime', 'Downloads (lifetime)'),
        integer('personTargetingDownloadsLifetime', 'Person-targeting downloads (lifetime)'),
      ],
      rows: stats.topCreators.map((row) => ({ ...row })),
    },
    {
      id: 'top-targets',
      title: 'Most targeted names',
      description: 'Names as the classifier extracted them, case-folded.',
      namesIndividuals: true,
      columns: [
        integer('rank', 'Rank'),
        text('target', 'Target'),
        integer('models', 'Models'),
        text('platforms', 'Platforms'),
        integer('downloadsLifetime', 'Downloads (lifetime)'),
        text('gender', 'Gender'),
        text('fame', 'Fame'),
      ],
      rows: stats.topTargets.map((row) => ({ ...row })),
    },
    {
      id: 'removals',
      title: 'Removed models',
      description: 'Models seen in an earlier full crawl and gone since, by the reason the crawler recorded.',
      namesIndividuals: false,
      columns: [
        text('scope', 'Platform'),
        text('reason', 'Reason'),
        integer('models', 'Models'),
        integer('personTargeting', 'Person-targeting'),
        integer('ncii', 'NCII'),
        integer('downloadsLifetime', 'Downloads before removal (lifetime)'),
      ],
      rows: stats.removals.map((row) => ({ ...row })),
    },
    {
      id: 'reuploads',
      title: 'Re-uploads',
      description:
        'The same file (SHA256, or AutoV2 where one side has only that) under another model id or on the other platform; each pair once, from the earlier model to the later one.',
      namesIndividuals: false,
      columns: [
        text('direction', 'Direction'),
        integer('pairs', 'Pairs'),
        integer('reuploadModels', 'Re-uploaded models'),
        integer('originalModels', 'Originals'),
        integer('originalRemoved', 'Original removed'),
        integer('personTargetingPairs', 'Person-targeting pairs'),
        integer('matchedOnSha256', 'On SHA256'),
        integer('matchedOnAutoV2', 'On AutoV2'),
      ],
      rows: stats.reuploads.summary.map((row) => ({ ...row })),
    },
    {
      id: 'reupload-pairs',
      title: 'Re-upload pairs',
      namesIndividuals: true,
      columns: [
        text('originalPlatform', 'Original platform'),
        text('originalId', 'Original id'),
        text('originalName', 'Original name'),
        text('originalCreator', 'Original creator'),
        text('originalRemovedAt', 'Original removed'),
        text('reuploadPlatform', 'Re-upload platform'),
        text('reuploadId', 'Re-upload id'),
        text('reuploadName', 'Re-upload name'),
        text('reuploadCreator', 'Re-upload creator'),
        integer('reuploadDownloadsLifetime', 'Re-upload downloads (lifetime)'),
        text('matchedOn', 'Matched on'),
        text('isPersonTargeting', 'Person-targeting'),
      ],
      rows: stats.reuploads.pairs.map((pair) => ({
        originalPlatform: pair.original.platform,
        originalId: pair.original.platformId,
        originalName: pair.original.name,
        originalCreator: pair.original.creator,
        originalRemovedAt: pair.originalRemovedAt,
        reuploadPlatform: pair.reupload.platform,
        reuploadId: pair.reupload.platformId,
        reuploadName: pair.reupload.name,
        reuploadCreator: pair.reupload.creator,
        reuploadDownloadsLifetime: pair.reuploadDownloadsLifetime,
        matchedOn: pair.matchedOn,
        isPersonTargeting: pair.isPersonTargeting ? 'yes' : 'no',
      })),
    },
    ...rehostingTables(stats),
    {
      id: 'comparison',
      title: 'This crawl against the study',
      namesIndividuals: false,
      columns: [text('figure', 'Figure'), text('study', 'Deepfakes on Demand (2025)'), text('thisCrawl', 'This crawl'), text('note', 'Note')],
      rows: stats.methods.comparison.map((row) => ({ ...row })),
    },
    {
      id: 'crawl-runs',
      title: 'Crawl runs',
      description:
        stats.methods.runsShown < stats.methods.runsTotal ? `The latest ${stats.methods.runsShown} of ${stats.methods.runsTotal} runs.` : undefined,
      namesIndividuals: false,
      columns: [
        integer('id', 'Run'),
        text('platform', 'Platform'),
        text('kind', 'Kind'),
        text('scope', 'Scope'),
        text('isFull', 'Full'),
        text('status', 'Status'),
        text('asOf', 'Data as of'),
        text('finishedAt', 'Finished'),
        integer('pages', 'Pages'),
        integer('items', 'Items'),
        integer('modelsNew', 'New'),
        integer('modelsRemoved', 'Removed'),
        integer('requests', 'Requests'),
        integer('retries', 'Retries'),
        integer('itemErrors', 'Item errors'),
      ],
      rows: stats.methods.runs.map((run) => ({ ...run, isFull: run.isFull ? 'yes' : 'no' })),
    },
  ];
  return tables;
}
