// One table: what every failed per-model or per-repo lookup means, for both crawlers.
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthError,
  ChallengeError,
  InvalidModelIdError,
  InvalidResponseError,
  NetworkError,
  OriginError,
  RateLimitedError,
  RegionBlockedError,
  ResponseTooLargeError,
} from '../../src/crawlers/http-errors.js';
import { judgeLookupFailure, type LookupContext, type LookupVerdict } from '../../src/crawlers/lookup-failure.js';

const url = 'https://huggingface.co/api/models/a/b';
const hub = (hasToken: boolean, subject: LookupContext['subject'] = 'record'): LookupContext => ({ platform: 'huggingface', subject, hasToken });
const civitai: LookupContext = { platform: 'civitai', subject: 'record', hasToken: false };

const table: [string, unknown, LookupContext, LookupVerdict][] = [
  ['404 is gone', new ApiError(404, url, ''), hub(false), 'gone'],
  ['410 is gone', new ApiError(410, url, ''), civitai, 'gone'],
  ['an anonymous 401 on the Hub is gone (it hides missing repos behind 401)', new ApiError(401, url, ''), hub(false), 'gone'],
  ['a 401 with a token stops the run (never a removal)', new AuthError(401, url, '', 'HF_TOKEN'), hub(true), 'abort'],
  ['a 401 on Civitai stops the run', new ApiError(401, url, ''), civitai, 'abort'],
  ['a 403 on a record is an item error', new ApiError(403, url, ''), hub(true), 'item-error'],
  ['a 403 on a card means the card is hidden', new ApiError(403, url, ''), hub(true, 'card'), 'gone'],
  ['429 after every retry is an item error', new RateLimitedError(url, '', 1000, 9), hub(false, 'card'), 'item-error'],
  ['5xx after every retry is an item error', new ApiError(502, url, ''), civitai, 'item-error'],
  ['a body over the cap is an item error', new ResponseTooLargeError(url, 10), hub(false), 'item-error'],
  ['an unreadable body is an item error', new InvalidResponseError(url, 'invalid JSON', ''), civitai, 'item-error'],
  ['a reset or timeout after retries is an item error', new NetworkError(url, 'ECONNRESET', false), hub(false), 'item-error'],
  ['an unreachable host stops the run', new NetworkError(url, 'ECONNREFUSED', true), hub(false), 'abort'],
  ['a challenge page after retries stops the run', new ChallengeError(403, url, '', 9), civitai, 'abort'],
  ['a region block stops the run', new RegionBlockedError(url, ''), civitai, 'abort'],
  ['a URL off the origin stops the run', new OriginError('//evil/x', 'https://huggingface.co', 'a URL'), hub(true), 'abort'],
  ['a stored id that cannot be a path is an item error', new InvalidModelIdError('huggingface', '/x/y'), hub(true), 'item-error'],
  ['anything else is a bug and stops the run', new TypeError('boom'), hub(false), 'abort'],
];

describe('judgeLookupFailure', () => {
  for (const [name, error, context, verdict] of table) it(name, () => expect(judgeLookupFailure(error, context)).toBe(verdict));
});
