// Filtered triage queries that stand for an analyst's day, from the broad default to narrow
// combinations; the triage bench times them and the triage tests check the planner answers them
// exactly as a scan would.
import type { TriageFilterInput } from '../triage/triage.js';

export const SAMPLE_TRIAGE_QUERIES: { name: string; filters: TriageFilterInput }[] = [
  { name: 'default (person, by downloads)', filters: {} },
  { name: 'ncii on civitai grown ≥ 50, by growth', filters: { flag: 'ncii', platform: 'civitai', grown: 50, sort: 'growth' } },
  { name: 'sexual, min-downloads 1000', filters: { flag: 'sexual', minDownloads: 1000 } },
  { name: 'unreviewed female celebrities, by score', filters: { status: 'unreviewed', gender: 'female', fame: 'celebrity', sort: 'score' } },
  { name: 'confirmed', filters: { status: 'confirmed' } },
  { name: 'target contains, since a date, newest', filters: { target: 'Name 12', since: '2025-06-01', sort: 'newest' } },
  { name: 'creator, base family', filters: { creator: 'creator77', base: 'Pony' } },
  { name: 'any flag, by newest', filters: { flag: 'any', sort: 'newest' } },
];
