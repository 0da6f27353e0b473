// The replay server for the crawl steps, in a process of its own so that serving (building each
// synthetic item, JSON) and crawling never share one CPU-bound event loop.
import { startFakeCivitai } from '../../src/replay/civitai-server.js';
import { syntheticCivitaiSource } from '../../src/replay/synthetic.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { models } = stepArgs<{ models: number }>();
const server = await startFakeCivitai({ source: syntheticCivitaiSource(models) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.once('SIGTERM', async () => {
  await server.close();
  finishStep({ requests: server.stats.requests, cpuSeconds: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 });
  process.exit(0);
});
