// Reading a file through the Hub's resolve path the way the Hub serves it: `/{repo}/resolve/…`
// answers an LFS (or Xet) file with a 302 to a signed URL on a CDN host (cas-bridge.xethub.hf.co,
// cdn-lfs*.hf.co). dfwatch never lets its HTTP client follow that on its own: the resolve request
// goes out with the Hub client (bound to the Hub's origin, carrying HF_TOKEN when set, paced on the
// "resolvers" quota), and the redirect is followed by a second client that carries no credentials
// at all, and only to an allowlist of CDN hosts. A redirect anywhere else is refused in one line.
// The official huggingface_hub client gets the same effect from `requests`, which drops the
// Authorization header when a redirect leaves the host; here it is a separate client, so no header
// can ride along by accident.
import { redact } from '../secrets.js';
import type { GetBytesOptions, HttpClient, HttpResponse } from './http.js';

/** Hosts the Hub redirects file downloads to (Xet storage since 2025, the older LFS CDN before it). */
export const HUB_CDN_HOSTS = [
  'cas-bridge.xethub.hf.co',
  'cdn-lfs.hf.co',
  'cdn-lfs-us-1.hf.co',
  'cdn-lfs-eu-1.hf.co',
  'cdn-lfs.huggingface.co',
  'cdn-lfs-us-1.huggingface.co',
  'cdn-lfs-eu-1.huggingface.co',
] as const;

/** The CDN side: a client without credentials or origin binding, and the hosts it may reach. */
export interface HubCdn {
  /** Must be built without credentials (checked): the signed URL is all the CDN needs. */
  client: HttpClient;
  /** Host names, or host:port for a replay CDN on 127.0.0.1. */
  allowedHosts: readonly string[];
}

/** A redirect the Hub sent somewhere dfwatch does not follow (not a Hub CDN host, or not https/http). */
export class CdnRedirectError extends Error {
  override name = 'CdnRedirectError';
  constructor(readonly location: string) {
    // The host only: a signed URL's query is a short-lived credential of its own.
    super(`redirect to ${redact(hostOf(location)).slice(0, 200)} refused: not a Hugging Face CDN host`);
  }
}

function hostOf(location: string): string {
  try {
    const url = new URL(location);
    return `${url.protocol}//${url.host}`;
  } catch {
    return location.split(/[?#]/)[0] ?? '';
  }
}

/**
 * A read from the CDN that failed (expired signature, 5xx, reset): about that file only. The CDN
 * never sees dfwatch's token, so even its 401 or 403 says nothing about the token or the crawl.
 */
export class CdnReadError extends Error {
  override name = 'CdnReadError';
  constructor(cause: unknown) {
    // The signed URL's query is a short-lived credential of its own: it is cut from the message.
    const message = redact((cause as Error).message ?? String(cause)).replace(/\?[^\s:)]*/g, '');
    super(`CDN read failed: ${message.split('\n')[0]?.slice(0, 300) ?? ''}`);
  }
}

/** Whether a URL is on an allowed CDN host (exact host name, or host:port when the entry has a port). */
export function isAllowedCdnUrl(url: URL, allowedHosts: readonly string[]): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  // Plain http only for an entry that names a port (a local replay CDN); the real CDN is https.
  return allowedHosts.some((entry) => (entry.includes(':') ? url.host === entry : url.protocol === 'https:' && url.hostname === entry));
}

/**
 * Where a resolve answer points: the redirect target on an allowed CDN host, or null when the Hub
 * answered with the bytes itself. Anything else throws CdnRedirectError.
 */
export function cdnTarget(response: HttpResponse<Buffer>, cdn: HubCdn): URL | null {
  if (response.status < 300 || response.status >= 400) return null;
  const location = response.headers.get('location') ?? '';
  let target: URL;
  try {
    target = new URL(location, response.url);
  } catch {
    throw new CdnRedirectError(location);
  }
  if (!isAllowedCdnUrl(target, cdn.allowedHosts)) throw new CdnRedirectError(target.toString());
  return target;
}

/**
 * Reads bytes of a Hub file: the resolve request with the Hub client, then (for a redirect) the
 * same Range, cap and early stop from the CDN with the credential-free client.
 */
export async function readHubBytes(hub: HttpClient, cdn: HubCdn, resolveUrl: string, options: Omit<GetBytesOptions, 'acceptRedirect'>): Promise<HttpResponse<Buffer>> {
  if (cdn.client.hasCredentials) throw new Error('the Hub CDN client must carry no credentials');
  const first = await hub.getBytes(resolveUrl, { ...options, acceptRedirect: true });
  const target = cdnTarget(first, cdn);
  if (target === null) return first;
  try {
    return await cdn.client.getBytes(target.toString(), options);
  } catch (error) {
    throw new CdnReadError(error);
  }
}
