// The queue's filters as they travel between pages: in query strings and hidden form fields.
import type { TriageFilterInput } from '../triage/triage.js';

export const FILTER_KEYS = ['platform', 'flag', 'since', 'grown', 'minDownloads', 'gender', 'fame', 'base', 'creator', 'target', 'status', 'sort', 'limit', 'page'] as const;

/** Reads the filter keys from any source of strings (a query string, a parsed form); others are ignored. */
export function filtersFrom(read: (key: string) => unknown): TriageFilterInput {
  const filters: TriageFilterInput = {};
  for (const key of FILTER_KEYS) {
    const value = read(key);
    if (typeof value === 'string') filters[key] = value;
  }
  return filters;
}

/** The set filters as a query string (empty values left out), for links that keep the queue. */
export function filterQuery(filters: TriageFilterInput): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '' && !(key === 'page' && Number(value) === 1)) params.set(key, String(value));
  }
  return params.toString();
}
