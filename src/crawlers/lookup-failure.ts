// What a failed per-model or per-repo lookup means, decided in one place for both crawlers (removal
// checks, Hub details, model cards): the thing is gone, this one item failed and the next run tries
// it again, or the whole run must stop because nothing else will work either.
import { ApiError, AuthError, ChallengeError, InvalidModelIdError, InvalidResponseError, NetworkError, OriginError, RateLimitedError, RegionBlockedError, ResponseTooLargeError } from './http-errors.js';

export type LookupVerdict = 'gone' | 'item-error' | 'abort';

export interface LookupContext {
  platform: 'civitai' | 'huggingface';
  /** A record (model, repo, files) or a model card (the README). */
  subject: 'record' | 'card';
  /** Whether the request carried a token. */
  hasToken: boolean;
}

export function judgeLookupFailure(error: unknown, context: LookupContext): LookupVerdict {
  // The whole host refuses us, or pointed us elsewhere: every other lookup would fail the same way,
  // and a refused token must never read as "removed" (a resumed verification would mark them all).
  if (error instanceof AuthError || error instanceof RegionBlockedError || error instanceof ChallengeError || error instanceof OriginError) return 'abort';
  // A stored id that cannot be a path (from an older version, or a tampered store): that item only.
  if (error instanceof InvalidModelIdError) return 'item-error';
  if (error instanceof NetworkError) return error.isUnreachable ? 'abort' : 'item-error';
  // Retries ran out or the answer can never be read: not an answer about the item, so try it next run.
  if (error instanceof RateLimitedError || error instanceof ResponseTooLargeError || error instanceof InvalidResponseError) return 'item-error';
  if (error instanceof ApiError) {
    if (error.status === 404 || error.status === 410) return 'gone';
    // The Hub answers 401, not 404, to an anonymous request for a repo that does not exist (or is private).
    if (error.status === 401) return context.platform === 'huggingface' && !context.hasToken ? 'gone' : 'abort';
    // A gated repo hides its card (403 with a token that lacks access): no card, which is an answer.
    if (error.status === 403 && context.subject === 'card') return 'gone';
    return 'item-error';
  }
  return 'abort';
}
