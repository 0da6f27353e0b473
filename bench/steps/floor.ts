// The download floor: the same listing pages the crawler asks for, fetched with a bare undici loop
// and thrown away. Only the next cursor is read (from the body's tail, without parsing the JSON),
// because cursor paging cannot be walked any other way.
import { Agent, request } from 'undici';
import { civitaiListUrl, DEFAULT_CIVITAI_TYPES } from '../../src/crawlers/civitai.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { url } = stepArgs<{ url: string }>();
const agent = new Agent({ keepAliveTimeout: 10_000 });
const listing = { types: [...DEFAULT_CIVITAI_TYPES], sort: 'Oldest', limit: 100 };
const started = performance.now();
let cursor: string | null = null;
let pages = 0;
let bytes = 0;
for (;;) {
  const response = await request(civitaiListUrl(url, listing, cursor), { dispatcher: agent });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`floor: HTTP ${response.statusCode}`);
  pages++;
  bytes += body.length;
  const match = /"nextCursor":"([^"]+)"/.exec(body.slice(-300));
  if (!match) break;
  cursor = match[1]!;
}
const elapsed = seconds(started);
await agent.close();
finishStep({ pages, bytes, seconds: elapsed });
