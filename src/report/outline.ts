// The report's outline: which sections, in which order, with which text, tables and charts. Both
// report.md and report.html render this one outline. Paragraphs are plain text, escaped by the renderer.
import type { Stats } from '../stats/types.js';
import { STUDY } from '../stats/study.js';

export interface Section {
  /** Anchor id. */
  id: string;
  title: string;
  /** Shown above everything else in the section, as a warning. */
  banner?: string[];
  /** The key-findings block (cards in HTML, a table in Markdown). */
  hasKeyFindings?: boolean;
  /** One line under the heading, before anything else. */
  lede?: string;
  paragraphs: string[];
  chartIds: string[];
  tableIds: string[];
}

const integer = new Intl.NumberFormat('en-US');

function methodsParagraphs(stats: Stats, isRedacted: boolean): string[] {
  const { methods } = stats;
  const paragraphs: string[] = [];
  paragraphs.push(
    methods.runsTotal === 0
      ? 'No crawl or import runs are recorded in this database.'
      : `Data: ${integer.format(methods.runsTotal)} crawl or import runs from ${methods.crawlPeriod.first} to ${methods.crawlPeriod.last}, ` +
          `${integer.format(methods.totals.pages)} pages, ${integer.format(methods.totals.items)} items, ${integer.format(methods.totals.requests)} HTTP requests, ` +
          `${integer.format(methods.totals.retries)} retries and ${integer.format(methods.totals.itemErrors)} malformed items (kept in item_errors). ` +
          'Each run\'s scope, data date and counts are in the table below.',
  );
  paragraphs.push(
    methods.classifier
      ? `Classifier: version ${methods.classifier.version} classified ${integer.format(methods.classifier.classifiedModels)} models ` +
          `(${methods.classifier.firstClassifiedAt} to ${methods.classifier.lastClassifiedAt}) and found ${integer.format(methods.classifier.personTarget)} person-targeting. ` +
          (methods.classifier.staleModels > 0
            ? `${integer.format(methods.classifier.staleModels)} models changed after they were classified; run dfwatch classify again to refresh them.`
            : 'Every classification is up to date with the stored model text.')
      : 'Classifier: nothing is classified yet, so every person-targeting figure is 0. Run dfwatch classify, then report again.',
  );
  const gold = methods.goldSet;
  const score = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));
  paragraphs.push(
    gold
      ? `Gold-set scores (${gold.source}): precision ${score(gold.precision)}, recall ${score(gold.recall)}, F1 ${score(gold.f1)}` +
          (gold.examples === null ? '.' : ` on ${integer.format(gold.examples)} labelled examples.`)
      : 'Gold-set scores: not measured for this report. Run dfwatch eval, or dfwatch report --gold data/gold/civitai-2023.jsonl, to score the classifier against the labelled gold set.',
  );
  paragraphs.push(
    'Definitions. Person-targeting: a model made to reproduce a real person\'s likeness, as the classifier decides; "without poi" ignores Civitai\'s uploader-set flag, ' +
      'which Civitai\'s listing no longer returns for real-person models after its May 2025 ban. NCII: person-targeting and sexual; by level, explicit (the listing shows or promises nude or sexual imagery of the person; = NCII) or suggestive (sexualises without that). ' +
      'Downloads: lifetime counters at each model\'s latest snapshot (Civitai downloadCount; Hugging Face downloadsAllTime; Hugging Face downloads, the last 30 days, is shown apart). ' +
      'Removed: seen in an earlier full crawl, then missing, taken down, archived, gated or disabled. ' +
      'Re-upload: the same file (SHA256, or the AutoV2 short hash where one side has only that) under another model id or on the other platform.',
  );
  paragraphs.push(`The study: ${STUDY.citation}.`);
  if (isRedacted) {
    paragraphs.push(
      'Names are pseudonymised: every target, creator, model and search term is replaced by an HMAC-SHA256 pseudonym under the publisher\'s secret; the same name gets the same pseudonym in every report made with that secret.',
    );
  }
  return paragraphs;
}

function correctionParagraph(stats: Stats): string {
  const correction = stats.keyFindings.correction;
  if (!correction) {
    return 'Classifier-based counts are shown as flagged. No gold set was scored for this report, so they carry no correction for the classifier\'s errors: pass --gold data/gold/civitai-2023-heldout.jsonl (with --gold-records for models not in the database) to add one.';
  }
  return (
    `Corrected figures use the classifier's precision and recall measured on the gold set ${correction.goldSet}` +
    ` (${integer.format(correction.goldCases)} labelled models)` +
    `${correction.classifierVersion ? `, classifier ${correction.classifierVersion}` : ''}` +
    `${correction.classifierVersion && correction.classifierVersion !== stats.filters.classifierVersion ? ` (the stored decisions are from ${stats.filters.classifierVersion ?? 'no classifier'})` : ''}. ` +
    `Method: ${correction.method}`
  );
}

export function buildOutline(stats: Stats, isRedacted: boolean): Section[] {
  const filters = stats.filters;
  const scope = [
    filters.platform ? `platform ${filters.platform} only` : stats.coverage.platforms.length > 1 ? 'both platforms' : `platform ${stats.coverage.platforms.join(', ') || 'none'}`,
    filters.since ? `growth since ${filters.since}` : 'growth from each platform\'s first snapshot',
    filters.classifierVersion ? `classifier ${filters.classifierVersion}` : 'no classifier',
  ].join(', ');
  return [
    {
      id: 'top',
      title: 'dfwatch report',
      banner: stats.coverage.warnings,
      paragraphs: [`Generated ${stats.generatedAt} (${scope}).`],
      chartIds: [],
      tableIds: [],
    },
    {
      id: 'key-findings',
      title: 'Key findings',
      hasKeyFindings: true,
      lede: `This crawl beside ${STUDY.citation}: what it found then, what this database shows now.`,
      paragraphs: [correctionParagraph(stats)],
      chartIds: [],
      tableIds: [],
    },
    {
      id: 'who',
      title: 'Who is targeted',
      paragraphs: [],
      chartIds: ['share-gender', 'share-nciiLevel', 'top-targets'],
      tableIds: ['person-targeting', 'share-gender', 'share-fame', 'share-ncii-level', 'share-ncii', 'top-targets'],
    },
    {
      id: 'how',
      title: 'What they are built on',
      paragraphs: [],
      chartIds: ['share-baseFamily', 'share-modelType'],
      tableIds: ['share-base-family', 'share-model-type'],
    },
    { id: 'time', title: 'Over time', paragraphs: [], chartIds: ['monthly-new', 'cumulative-downloads'], tableIds: ['growth', 'growth-baselines', 'monthly'] },
    { id: 'removals', title: 'Removals and re-uploads', paragraphs: [], chartIds: ['removals-reuploads'], tableIds: ['removals', 'reuploads', 'reupload-pairs'] },
    {
      id: 'rehosting',
      title: 'Re-hosted on Hugging Face',
      paragraphs: [
        'After Civitai hid and then removed real-person models in May 2025, bulk archiving tools re-uploaded them to Hugging Face, often hundreds to a repo. ' +
          'A repo whose file list holds two or more model files is an archive; each model file is a variant, classified from its own text (file and folder names, ' +
          'the Civitai sidecar beside it, the training metadata in its safetensors header) and linked back to Civitai by sidecar id, by file hash or by Civitai\'s by-hash API. ' +
          'Figures here count files, with repos alongside; each figure\'s definition is beside it.',
        ...(stats.rehosting.variants === 0 ? ['No archive repo is stored yet: dfwatch crawl huggingface records one whenever it meets it.'] : []),
      ],
      chartIds: [],
      tableIds: stats.rehosting.variants > 0 ? ['rehosting', 'archive-repos'] : [],
    },
    { id: 'creators', title: 'Creators', paragraphs: [], chartIds: ['top-creators'], tableIds: ['creator-concentration', 'top-creators'] },
    { id: 'all-models', title: 'Everything crawled', paragraphs: [], chartIds: [], tableIds: ['overview', 'models-by-type', 'models-by-base-model'] },
    { id: 'methods', title: 'Methods', paragraphs: [...stats.notes, ...methodsParagraphs(stats, isRedacted)], chartIds: [], tableIds: ['comparison', 'crawl-runs'] },
  ];
}
