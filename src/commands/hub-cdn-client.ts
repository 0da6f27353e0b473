// The credential-free client that follows the Hub's file redirects to its CDN (crawlers/hub-cdn.ts),
// with the allowlist of CDN hosts: the built-in Hub hosts, or $HF_CDN_HOSTS (comma-separated host
// names, or host:port for a local replay CDN) for a mirror or a test.
import { HttpClient } from '../crawlers/http.js';
import { HUB_CDN_HOSTS, type HubCdn } from '../crawlers/hub-cdn.js';
import { userAgent } from '../crawlers/user-agent.js';
import { UserError } from '../errors.js';
import type { CommonCrawlOptions } from './crawl-options.js';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$/;

export function cdnHostsFromEnv(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [...HUB_CDN_HOSTS];
  const hosts = value.split(',').map((host) => host.trim()).filter(Boolean);
  for (const host of hosts) if (!HOST.test(host)) throw new UserError(`$HF_CDN_HOSTS expects host names or host:port, comma-separated; got: ${host.slice(0, 100)}`);
  return hosts;
}

export function hubCdnFromEnv(options: CommonCrawlOptions, defaultRps: number): HubCdn {
  const allowedHosts = cdnHostsFromEnv(process.env.HF_CDN_HOSTS);
  const client = new HttpClient({
    userAgent: userAgent(options.contact ?? process.env.DFWATCH_CONTACT),
    concurrency: options.concurrency,
    rps: options.rps ?? defaultRps,
    timeoutMs: options.timeout,
    retry: { limit: options.retries, baseDelayMs: options.retryBaseDelay, maxDelayMs: Math.max(options.retryBaseDelay, 30_000) },
  });
  return { client, allowedHosts };
}
