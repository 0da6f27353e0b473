// `npm run bench [-- --models 1000000] [--real-models N] [--no-real] [--crawl-only] [--compare] [--cpu-prof] [--keep] [--ingest-models N] [--ingest-page-size N] [--hf-repos N]`
// (`-- --help` lists them): the main job's figures at scale, each step in its own process (peak RSS
// per step), the replay server in another one. Prints a table and writes bench/results.json.
// Targets: crawl of synthetic models ≤ 1.5× the download floor (issue 7); crawl of the real 2023
// records ≤ 2.0× their floor at 200k and crawl peak RSS ≤ 280 MB at 1M (issue 13); ingest ≤ 2× the
// storage floor, classify ≥ 20,000 models/s, stats ≤ 10 s and triage ≤ 200 ms at 1M.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runStep, startStep } from './lib/child.js';
import { hasRealRecords, REAL_RECORDS_PATH } from './lib/real-source.js';

interface BenchArgs {
  models: number;
  /** Models in the ingest step (it maps every item outside the timing, which costs more than the timed part). */
  ingestModels: number;
  /** Models per transaction in the ingest step (the crawler commits one page of 100). */
  ingestPageSize: number;
  /** Synthetic repos in the Hugging Face crawl step. */
  hfRepos: number;
  /** Models in the crawl of the real 2023 records (replicated under new ids); null: skipped. */
  realModels: number | null;
  /** Only the crawl rows (synthetic, real records, RSS): no ingest, classify, stats, report, triage, start-up. */
  crawlOnly: boolean;
  /** Also crawl COMPARE_MODELS, to show crawl memory does not grow with N. */
  compare: boolean;
  cpuProf: boolean;
  keep: boolean;
}

const COMPARE_MODELS = 200_000;
const HELP = `usage: npm run bench [-- options]
  --models N            synthetic Civitai models crawled, then classified, analysed and queried (default 200,000)
  --real-models N       models in the crawl of the real 2023 records, replicated under new ids (default 200,000)
  --no-real             skip the real-records crawl
  --crawl-only          only the crawl rows (synthetic, real records, RSS)
  --compare             also crawl ${COMPARE_MODELS.toLocaleString('en')} synthetic models (memory flat in N; on by default above that)
  --ingest-models N     models in the ingest step (default min(models, 100,000))
  --ingest-page-size N  models per ingest transaction (default 100)
  --hf-repos N          synthetic repos in the Hugging Face crawl step
  --cpu-prof            CPU profiles of the crawls in bench/tmp/profiles
  --keep                keep the databases in bench/tmp/
`;
const TARGETS = { crawlRatio: 1.5, realCrawlRatio: 2, ingestRatio: 2, classifyPerSecond: 20_000, statsSeconds: 10, triageMs: 200, crawlRssMb: 280, helpSeconds: 0.3, commandSeconds: 0.6 } as const;

function parseArgs(argv: string[]): BenchArgs {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const valueOf = (flag: string): number | undefined => {
    const index = argv.indexOf(flag);
    if (index === -1) return undefined;
    const value = Number(argv[index + 1]);
    if (!Number.isInteger(value) || value < 100) {
      process.stderr.write(`bench: ${flag} expects a whole number ≥ 100\n`);
      process.exit(2);
    }
    return value;
  };
  const models = valueOf('--models') ?? 200_000;
  return {
    models,
    ingestModels: valueOf('--ingest-models') ?? Math.min(models, 100_000),
    ingestPageSize: valueOf('--ingest-page-size') ?? 100,
    // Capped so `--models 1000000` stays within the 10-minute budget; the ratio is what matters.
    hfRepos: valueOf('--hf-repos') ?? Math.min(50_000, Math.max(1000, Math.floor(models / 4))),
    realModels: argv.includes('--no-real') ? null : (valueOf('--real-models') ?? 200_000),
    crawlOnly: argv.includes('--crawl-only'),
    compare: argv.includes('--compare') || models > COMPARE_MODELS,
    cpuProf: argv.includes('--cpu-prof'),
    keep: argv.includes('--keep'),
  };
}

/** The crawl (the dfwatch binary) and its download floor, through one replay server of `models` items. */
async function crawlAt(models: number, dbPath: string, nodeArgs: string[], records: 'synthetic' | 'real' = 'synthetic') {
  const server = startStep<{ url: string }>('server', { models, records });
  const { url } = await server.ready;
  try {
    const floor = await runStep<{ pages: number; bytes: number; seconds: number }>('floor', { url });
    const crawl = await runStep<{ models: number; pages: number; requests: number; retries: number; seconds: number; usedBuild: boolean }>('crawl', { url, dbPath, nodeArgs });
    return { floor, crawl, server: await server.stop() };
  } finally {
    await server.stop();
  }
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const verdict = (isMet: boolean) => (isMet ? 'ok' : 'MISSED');
type Row = [string, string, string, string, string];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const workDir = path.join(REPO_ROOT, 'bench', 'tmp', `run-${Date.now()}`);
  fs.mkdirSync(workDir, { recursive: true });
  const dbPath = path.join(workDir, 'crawl.db');
  const profDir = path.join(REPO_ROOT, 'bench', 'tmp', 'profiles');
  const nodeArgs = args.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const started = performance.now();

  log(`crawling ${fmt(args.models)} synthetic models through the replay server (and the download floor)…`);
  const main = await crawlAt(args.models, dbPath, nodeArgs);
  let compared: Awaited<ReturnType<typeof crawlAt>> | null = null;
  if (args.compare && args.models !== COMPARE_MODELS) {
    log(`crawling ${fmt(COMPARE_MODELS)} models for the memory comparison…`);
    compared = await crawlAt(COMPARE_MODELS, path.join(workDir, 'crawl-compare.db'), []);
  }
  let real: Awaited<ReturnType<typeof crawlAt>> | null = null;
  if (args.realModels !== null && hasRealRecords()) {
    log(`crawling the real 2023 records, replicated to ${fmt(args.realModels)} models, beside their download floor…`);
    real = await crawlAt(args.realModels, path.join(workDir, 'crawl-real.db'), nodeArgs, 'real');
  } else if (args.realModels !== null) {
    log(`no ${REAL_RECORDS_PATH}: the real-records crawl row is skipped`);
  }
  const isAtScale = args.models >= 1_000_000;
  const crawlRatio = main.crawl.seconds / main.floor.seconds;
  const crawlRow = (label: string, run: NonNullable<typeof compared>, target: number | null): Row => {
    const ratio = run.crawl.seconds / run.floor.seconds;
    return [
      label,
      `${fmt(run.crawl.models / run.crawl.seconds)} models/s (${fmt(run.crawl.seconds, 1)} s)`,
      `floor ${fmt(run.crawl.models / run.floor.seconds)} models/s (${fmt(run.floor.seconds, 1)} s)`,
      target === null ? `${fmt(ratio, 2)}×` : `${fmt(ratio, 2)}× (≤ ${target}×) ${verdict(ratio <= target)}`,
      `${run.crawl.peakRssMb} MB`,
    ];
  };
  const rows: Row[] = [crawlRow('crawl', main, TARGETS.crawlRatio)];
  if (compared) rows.push(crawlRow(`crawl ${fmt(COMPARE_MODELS / 1000)}k`, compared, null));
  // Issue 13's figure: the real 2023 records (about 17 KB a model) against merely downloading them.
  if (real) rows.push(crawlRow(`crawl real 2023, ${fmt(real.crawl.models)}`, real, TARGETS.realCrawlRatio));
  // The RSS target is for 1M models: the verdict takes every crawl at that scale (synthetic or real); below it none.
  const crawls = [{ run: main, label: '' }, ...(compared ? [{ run: compared, label: '' }] : []), ...(real ? [{ run: real, label: 'real ' }] : [])];
  const atScale = crawls.filter(({ run }) => run.crawl.models >= 1_000_000).map(({ run }) => run.crawl.peakRssMb);
  rows.push([
    'crawl RSS',
    crawls.map(({ run, label }) => `${run.crawl.peakRssMb} MB ${label}at ${fmt(run.crawl.models)}`).join(', '),
    '',
    `≤ ${TARGETS.crawlRssMb} MB at 1M ${atScale.length > 0 ? verdict(Math.max(...atScale) <= TARGETS.crawlRssMb) : '(not at 1M)'}`,
    '',
  ]);
  rows.push(['floor (download)', `${fmt(main.floor.pages)} pages, ${fmt(main.floor.bytes / 1e6)} MB`, real ? `real: ${fmt(real.floor.pages)} pages, ${fmt(real.floor.bytes / 1e6)} MB` : '', '', `${main.floor.peakRssMb} MB`]);
  const results: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    models: args.models,
    targets: TARGETS,
    crawl: { ...main.crawl, modelsPerSecond: main.crawl.models / main.crawl.seconds, floor: main.floor, floorModelsPerSecond: main.crawl.models / main.floor.seconds, ratio: crawlRatio, server: main.server },
    crawlCompare: compared ? { ...compared.crawl, floor: compared.floor } : null,
    crawlReal: real ? { ...real.crawl, floor: real.floor, ratio: real.crawl.seconds / real.floor.seconds, server: real.server } : null,
  };
  let triageLines = '';

  if (!args.crawlOnly) {
    log(`Hugging Face crawl beside its download floor, ${fmt(args.hfRepos)} repos…`);
    const huggingface = await runStep<{ repos: number; items: number; pages: number; downloadSeconds: number; crawlSeconds: number; downloadItemsPerSecond: number; crawlItemsPerSecond: number }>(
      'huggingface',
      { repos: args.hfRepos },
    );
    log(`ingest beside raw inserts, ${fmt(args.ingestModels)} models…`);
    const ingest = await runStep<{ models: number; ingestSeconds: number; floorSeconds: number }>('ingest', {
      models: args.ingestModels,
      ingestDbPath: path.join(workDir, 'ingest.db'),
      floorDbPath: path.join(workDir, 'ingest-floor.db'),
      pageSize: args.ingestPageSize,
    });
    log('classify, stats, report, triage on the crawled database…');
    const classify = await runStep<{ models: number; personTarget: number; ncii: number; seconds: number }>('classify', { dbPath });
    const stats = await runStep<{ models: number; seconds: number }>('stats', { dbPath });
    const report = await runStep<{ files: number; seconds: number }>('report', { dbPath, outDir: path.join(workDir, 'report') });
    const triage = await runStep<{ queries: { name: string; rows: number; medianMs: number; maxMs: number }[]; worstMedianMs: number }>('triage', { dbPath });
    log('start-up of the binary: --help, show, a filtered triage…');
    const startup = await runStep<{ usedBuild: boolean } & Record<'node' | 'help' | 'show' | 'triage', { wall: number; cpu: number | null }>>('startup', { dbPath });
    const startupCell = (time: { wall: number; cpu: number | null }) => `${fmt(time.wall, 2)} s${time.cpu === null ? '' : ` (CPU ${fmt(time.cpu, 2)} s)`}`;
    const ingestRatio = ingest.ingestSeconds / ingest.floorSeconds;
    const classifyRate = classify.models / classify.seconds;
    rows.push(
      [
        'hf crawl',
        `${fmt(huggingface.crawlItemsPerSecond)} items/s (${fmt(huggingface.crawlSeconds, 1)} s, ${fmt(huggingface.repos)} repos)`,
        `floor ${fmt(huggingface.downloadItemsPerSecond)} items/s (${fmt(huggingface.downloadSeconds, 1)} s)`,
        `${fmt(huggingface.crawlSeconds / huggingface.downloadSeconds, 2)}×`,
        `${huggingface.peakRssMb} MB`,
      ],
      [
        'ingest',
        `${fmt(ingest.models / ingest.ingestSeconds)} models/s (${fmt(ingest.ingestSeconds, 1)} s)`,
        `raw inserts ${fmt(ingest.models / ingest.floorSeconds)} models/s (${fmt(ingest.floorSeconds, 1)} s)`,
        `${fmt(ingestRatio, 2)}× (≤ ${TARGETS.ingestRatio}×) ${verdict(ingestRatio <= TARGETS.ingestRatio)}`,
        `${ingest.peakRssMb} MB`,
      ],
      ['classify', `${fmt(classifyRate)} models/s (${fmt(classify.seconds, 1)} s)`, `${fmt(classify.personTarget)} person-targeting`, `≥ ${fmt(TARGETS.classifyPerSecond)}/s ${verdict(classifyRate >= TARGETS.classifyPerSecond)}`, `${classify.peakRssMb} MB`],
      ['stats', `${fmt(stats.seconds, 2)} s`, '', `≤ ${TARGETS.statsSeconds} s at 1M ${isAtScale ? verdict(stats.seconds <= TARGETS.statsSeconds) : '(not at 1M)'}`, `${stats.peakRssMb} MB`],
      ['report', `${fmt(report.seconds, 2)} s (${report.files} files)`, '', '', `${report.peakRssMb} MB`],
      ['triage', `${fmt(triage.worstMedianMs, 1)} ms worst median (${triage.queries.length} queries)`, '', `≤ ${TARGETS.triageMs} ms at 1M ${isAtScale ? verdict(triage.worstMedianMs <= TARGETS.triageMs) : '(not at 1M)'}`, `${triage.peakRssMb} MB`],
      // A fresh process each (median of 5), wall and CPU time, beside a bare `node -e 0` on the same machine.
      ['start-up --help', `${startupCell(startup.help)}${startup.usedBuild ? '' : ' (sources via tsx: build failed)'}`, `node alone ${startupCell(startup.node)}`, `≤ ${TARGETS.helpSeconds} s ${verdict(startup.help.wall <= TARGETS.helpSeconds)}`, ''],
      ['start-up show', startupCell(startup.show), '', `≤ ${TARGETS.commandSeconds} s at 1M ${isAtScale ? verdict(startup.show.wall <= TARGETS.commandSeconds) : '(not at 1M)'}`, ''],
      ['start-up triage', `${startupCell(startup.triage)} filtered`, '', `≤ ${TARGETS.commandSeconds} s at 1M ${isAtScale ? verdict(startup.triage.wall <= TARGETS.commandSeconds) : '(not at 1M)'}`, ''],
    );
    Object.assign(results, {
      huggingface: { ...huggingface, ratio: huggingface.crawlSeconds / huggingface.downloadSeconds },
      ingest: { ...ingest, modelsPerSecond: ingest.models / ingest.ingestSeconds, floorModelsPerSecond: ingest.models / ingest.floorSeconds, ratio: ingestRatio },
      classify: { ...classify, modelsPerSecond: classifyRate },
      stats,
      report,
      triage,
      startup,
    });
    triageLines = '\ntriage queries (median ms):\n' + triage.queries.map((query) => `  ${fmt(query.medianMs, 1).padStart(8)}  ${query.name} (${query.rows} rows)`).join('\n') + '\n';
  }
  const totalSeconds = (performance.now() - started) / 1000;

  const header: [string, string, string, string, string] = ['step', 'result', 'beside', 'target', 'peak RSS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const cpus = os.cpus();
  // Other processes on the machine skew every figure: the load average is printed with them.
  const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
  process.stdout.write(
    `dfwatch bench: ${fmt(args.models)} synthetic Civitai models · node ${process.version} · ${cpus.length} × ${cpus[0]?.model ?? 'cpu'} · load ${load} · ${fmt(totalSeconds, 0)} s in all\n\n` +
      [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n') +
      '\n' +
      triageLines,
  );
  Object.assign(results, { cpus: cpus.length, cpuModel: cpus[0]?.model ?? null, loadAverage: os.loadavg(), totalSeconds });
  fs.writeFileSync(path.join(REPO_ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  log(`wrote bench/results.json${args.cpuProf ? `; CPU profiles of the crawl in ${profDir}` : ''}`);
  if (args.keep) log(`databases kept in ${workDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
}

await main();
