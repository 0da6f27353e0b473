// Hugging Face crawl throughput beside its download floor (bench/huggingface-throughput.ts), as a
// step of `npm run bench`. The fake Hub runs in this step's process, so the figure is conservative.
import { measureHuggingfaceThroughput } from '../huggingface-throughput.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { repos } = stepArgs<{ repos: number }>();
finishStep({ ...(await measureHuggingfaceThroughput(repos)) });
