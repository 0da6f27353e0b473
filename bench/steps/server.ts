// The replay server for the crawl steps, in a process of its own so that serving (building each
// item, JSON) and crawling never share one CPU-bound event loop. `records: 'real'` serves the real
// 2023 records replicated under new ids; otherwise synthetic models.
import { startFakeCivitai } from '../../src/replay/civitai-server.js';
import { syntheticCivitaiSource } from '../../src/replay/synthetic.js';
import { realRecordsSource } from '../lib/real-source.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { models, records } = stepArgs<{ models: number; records?: 'real' | 'synthetic' }>();
const source = records === 'real' ? realRecordsSource(models) : syntheticCivitaiSource(models);
const server = await startFakeCivitai({ source });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', async () => {
  await server.close();
  finishStep({ requests: server.stats.requests, cpuSeconds: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 });
  process.exit(0);
});
