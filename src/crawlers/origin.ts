// One origin per platform: the API root a crawl was given is checked once, and every URL the crawl
// builds or is handed (a Link header, a stored resume point, an id turned into a path) must stay on it.
import { UserError } from '../errors.js';
import { OriginError } from './http-errors.js';

/** The API root as a URL: http(s) only, no user or password inside it (those would be sent and stored). */
export function apiRoot(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UserError(`--base-url is not a URL: ${baseUrl.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--base-url must be http or https, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new UserError('--base-url must not contain a user or password: give the token in the environment');
  return url;
}

/** `pathAndQuery` resolved on the root's origin; an OriginError if it would leave it (`//host/…`, `http://…`). */
export function onOrigin(root: URL, pathAndQuery: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(pathAndQuery, root.origin);
  } catch {
    throw new OriginError(pathAndQuery, root.origin, what);
  }
  if (url.origin !== root.origin || url.username !== '' || url.password !== '') throw new OriginError(pathAndQuery, root.origin, what);
  return url;
}
