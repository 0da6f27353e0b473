// Progress of long jobs: elapsed time, rate and ETA on the status line, JSON events every N pages.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, formatDuration, pageProgress } from '../../src/log.js';

function capture(mode: 'pretty' | 'json') {
  const stream = Object.assign(new PassThrough(), { isTTY: mode === 'pretty' });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { logger: createLogger({ stream, mode }), text: () => text };
}

describe('pageProgress', () => {
  it('writes a progress event every N pages in JSON mode, with the rate and an ETA from the last full run', () => {
    const out = capture('json');
    let clock = 0;
    const progress = pageProgress({ logger: out.logger, label: 'civitai', expectedItems: 1000, everyPages: 2, now: () => clock });
    for (let page = 1; page <= 4; page++) {
      clock += 10_000;
      progress.onPage({ pages: page, items: page * 100 });
    }
    const events = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.map((event) => event.pages)).toEqual([2, 4]);
    // From the first page (100 items at 10 s) to the fourth (400 at 40 s): 10 items/s; 600 left → 60 s.
    expect(events[1]).toMatchObject({ event: 'progress', job: 'civitai', items: 400, elapsedSeconds: 40, perSecond: 10, expectedItems: 1000, etaSeconds: 60 });
  });

  it("adds elapsed, rate and ETA to the job's own status line on a TTY, and no events", () => {
    const out = capture('pretty');
    let clock = 0;
    const progress = pageProgress({ logger: out.logger, label: 'civitai', expectedItems: 500, everyPages: 1, now: () => clock });
    progress.onPage({ pages: 1, items: 100 });
    clock = 20_000;
    progress.onPage({ pages: 2, items: 300 });
    progress.logger.progress('civitai: page 2 · 300 models');
    expect(out.text()).toContain('civitai: page 2 · 300 models · 20s elapsed · 10/s · ETA 20s');
    expect(out.text()).not.toContain('"progress"');
  });

  it('leaves the ETA out when no full run was seen before', () => {
    const out = capture('pretty');
    const progress = pageProgress({ logger: out.logger, label: 'huggingface', expectedItems: null, everyPages: 1, now: () => 0 });
    progress.logger.progress('huggingface: 1 pages');
    expect(out.text()).not.toContain('ETA');
  });
});

describe('formatDuration', () => {
  it('is short enough for a status line', () => {
    expect([formatDuration(5), formatDuration(75), formatDuration(7300)]).toEqual(['5s', '1m15s', '2h01m']);
  });
});

describe('a crawl with --log json', () => {
  it('shows a live crawl: a progress event every --progress-every pages, with an ETA once a full crawl is known', async () => {
    const { arraySource, startFakeCivitai } = await import('../../src/replay/civitai-server.js');
    const { civitaiItems } = await import('../helpers/civitai-items.js');
    const { runCliInProcess } = await import('../helpers/cli.js');
    const { tempDir } = await import('../helpers/temp.js');
    const path = await import('node:path');
    const server = await startFakeCivitai({ source: arraySource(civitaiItems(60)) });
    try {
      const args = ['--db', path.join(tempDir(), 'p.db'), 'crawl', 'civitai', '--base-url', server.url, '--rps', '0', '--limit', '10', '--log', 'json', '--progress-every', '2'];
      const progressOf = (stderr: string) =>
        stderr
          .split('\n')
          .filter((line) => line.includes('"event":"progress"'))
          .map((line) => JSON.parse(line) as { pages: number; items: number; expectedItems: number | null; etaSeconds: number | null });
      const first = await runCliInProcess(args);
      expect(first.code, first.stderr).toBe(0);
      expect(progressOf(first.stderr).map((event) => event.pages)).toEqual([2, 4, 6]);
      expect(progressOf(first.stderr).every((event) => event.expectedItems === null)).toBe(true);
      const second = await runCliInProcess(args);
      expect(second.code, second.stderr).toBe(0);
      const events = progressOf(second.stderr);
      expect(events.map((event) => event.items)).toEqual([20, 40, 60]);
      expect(events.every((event) => event.expectedItems === 60)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
