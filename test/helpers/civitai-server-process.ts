// A replay Civitai server in a process of its own, for measuring request arrivals: in the test's own
// process a synchronous database write on the client side would delay the server's timestamps and
// squeeze the gaps it measures. Spec as JSON in argv[2]; prints {url}, then {requestTimes} for each
// line read on stdin; closes when stdin ends.
import { arraySource, startFakeCivitai, type FakeCivitaiOptions } from '../../src/replay/civitai-server.js';
import { civitaiItems } from './civitai-items.js';

export interface ServerProcessSpec {
  count: number;
  faults?: FakeCivitaiOptions['faults'];
  removedIds?: number[];
}

const spec = JSON.parse(process.argv[2] ?? '{}') as ServerProcessSpec;
const server = await startFakeCivitai({ source: arraySource(civitaiItems(spec.count)), faults: spec.faults, removedIds: new Set(spec.removedIds ?? []) });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.on('data', () => process.stdout.write(`${JSON.stringify({ requestTimes: server.stats.requestTimes })}\n`));
process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
