// `dfwatch report` on the crawled and classified database (statistics, charts, every file).
import { writeReport } from '../../src/report/report.js';
import { openStore } from '../../src/db/open.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { dbPath, outDir } = stepArgs<{ dbPath: string; outDir: string }>();
const store = openStore({ path: dbPath, readonly: true });
const started = performance.now();
const { files } = await writeReport(store, { outDir });
const elapsed = seconds(started);
store.close();
finishStep({ files: files.length, seconds: elapsed });
