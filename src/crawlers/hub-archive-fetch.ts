// Reads what an archive repo says about each of its files, through the Hub's resolve path (the
// "resolvers" quota, paced by its own client) and, where the Hub redirects, the CDN (a second,
// credential-free client, allowlisted hosts only: hub-cdn.ts): the Civitai sidecar beside each file
// (capped) and, with --headers, the safetensors header (one Range request, capped). Never the
// weights, never images.
import { redact } from '../secrets.js';
import type { HttpClient } from './http.js';
import { InvalidModelIdError } from './http-errors.js';
import { isHubRepoId } from './huggingface.js';
import type { VariantFile } from './hub-archive.js';
import { CdnReadError, CdnRedirectError, readHubBytes, type HubCdn } from './hub-cdn.js';
import { MAX_SIDECAR_BYTES, readSidecar, type SidecarFacts, type SidecarStatus } from './hub-sidecar.js';
import { judgeLookupFailure } from './lookup-failure.js';
import { readSafetensorsHeader, type HeaderMetadata, type HeaderStatus } from './safetensors-header.js';

export interface ArchiveFetchOptions {
  /** The client for the resolvers bucket (its own pacer and RateLimit policy). */
  resolvers: HttpClient;
  /** Where the resolve path's redirects may be followed, and the credential-free client that follows them. */
  cdn: HubCdn;
  baseUrl: string;
  /** Read safetensors headers too (--headers). */
  readHeaders: boolean;
}

/** One variant with what its sidecar and header said. */
export interface VariantEvidence extends VariantFile {
  sidecarStatus: SidecarStatus;
  sidecar: SidecarFacts | null;
  headerStatus: HeaderStatus;
  header: HeaderMetadata | null;
  /** Why a read failed (an item error), for the log. */
  problems: string[];
}

/**
 * `/{repo}/resolve/{revision}/{path}` on the configured origin. Each path segment is encoded, and
 * a path that could climb out of the repo (`..`, empty segments, a leading slash) is refused.
 */
export function hubResolveUrl(baseUrl: string, repoId: string, revision: string, path: string): string {
  const segments = path.split('/');
  if (!isHubRepoId(repoId) || segments.some((segment) => segment === '' || segment === '.' || segment === '..') || !/^[A-Za-z0-9._-]+$/.test(revision)) {
    throw new InvalidModelIdError('huggingface', `${repoId}:${path}`);
  }
  return new URL(`/${repoId}/resolve/${revision}/${segments.map(encodeURIComponent).join('/')}`, new URL(baseUrl).origin).toString();
}

/** A failed read that is about this file only becomes its status; anything wider stops the crawl. */
function asItemFailure(error: unknown, hasToken: boolean): string {
  // A redirect off the CDN allowlist, or a failed CDN read, is about this file; the crawl goes on.
  if (error instanceof CdnRedirectError || error instanceof CdnReadError) return error.message;
  if (judgeLookupFailure(error, { platform: 'huggingface', subject: 'card', hasToken }) === 'abort') throw error;
  return redact((error as Error).message);
}

async function sidecarOf(options: ArchiveFetchOptions, repoId: string, revision: string, variant: VariantFile): Promise<Pick<VariantEvidence, 'sidecarStatus' | 'sidecar'> & { problem?: string }> {
  if (variant.sidecarPath === null) return { sidecarStatus: 'none', sidecar: null };
  try {
    // One byte past the cap tells a file that is exactly the cap from one that is larger.
    const response = await readHubBytes(options.resolvers, options.cdn, hubResolveUrl(options.baseUrl, repoId, revision, variant.sidecarPath), { maxBytes: MAX_SIDECAR_BYTES + 1 });
    const reading = readSidecar(response.body.subarray(0, MAX_SIDECAR_BYTES), response.body.length > MAX_SIDECAR_BYTES);
    return { sidecarStatus: reading.status, sidecar: reading.facts };
  } catch (error) {
    return { sidecarStatus: 'error', sidecar: null, problem: `sidecar ${variant.sidecarPath}: ${asItemFailure(error, options.resolvers.hasCredentials)}` };
  }
}

async function headerOf(options: ArchiveFetchOptions, repoId: string, revision: string, variant: VariantFile): Promise<Pick<VariantEvidence, 'headerStatus' | 'header'> & { problem?: string }> {
  if (!options.readHeaders || variant.format !== 'safetensors') return { headerStatus: 'none', header: null };
  try {
    const url = hubResolveUrl(options.baseUrl, repoId, revision, variant.path);
    const reading = await readSafetensorsHeader(async (range) => readHubBytes(options.resolvers, options.cdn, url, range));
    return { headerStatus: reading.status, header: reading.metadata };
  } catch (error) {
    return { headerStatus: 'error', header: null, problem: `header ${variant.path}: ${asItemFailure(error, options.resolvers.hasCredentials)}` };
  }
}

/** Sidecars and headers of every variant of one repo; the resolvers client paces them. */
export async function fetchArchiveEvidence(options: ArchiveFetchOptions, repoId: string, revision: string, variants: readonly VariantFile[]): Promise<VariantEvidence[]> {
  return Promise.all(
    variants.map(async (variant) => {
      const [sidecar, header] = await Promise.all([sidecarOf(options, repoId, revision, variant), headerOf(options, repoId, revision, variant)]);
      return {
        ...variant,
        sidecarStatus: sidecar.sidecarStatus,
        sidecar: sidecar.sidecar,
        headerStatus: header.headerStatus,
        header: header.header,
        problems: [sidecar.problem, header.problem].filter((problem): problem is string => problem !== undefined),
      };
    }),
  );
}
