// --redact: stable pseudonyms for the people a report would otherwise name (targets, creators, and
// the models and crawl scopes that carry their names). A pseudonym is an HMAC-SHA256 of the name under
// a secret only the publisher holds: the same name gets the same pseudonym in every report made with
// the same secret, and without it nobody can test a guessed name against the report.
import { createHmac } from 'node:crypto';
import { UserError } from '../errors.js';
import type { ModelLabel, Stats } from '../stats/types.js';

/** Shorter secrets would let someone brute-force pseudonyms of likely names. */
export const MIN_KEY_LENGTH = 16;

export type PseudonymKind = 'target' | 'creator' | 'model' | 'query';

export class Pseudonymizer {
  private readonly cache = new Map<string, string>();

  constructor(private readonly key: string) {
    if (key.length < MIN_KEY_LENGTH) throw new UserError(`the redaction secret must be at least ${MIN_KEY_LENGTH} characters`);
  }

  /** Names are folded (trim, lower case) so "Jane Roe" and "jane roe " get one pseudonym. */
  pseudonym(kind: PseudonymKind, value: string): string {
    const folded = `${kind}\u0000${value.trim().toLowerCase()}`;
    let result = this.cache.get(folded);
    if (result === undefined) {
      result = `${kind}-${createHmac('sha256', this.key).update(folded).digest('hex').slice(0, 12)}`;
      this.cache.set(folded, result);
    }
    return result;
  }
}

/** Reads the secret from the environment variable the user named; never from the command line. */
export function pseudonymizerFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): Pseudonymizer {
  const key = env[variable];
  if (!key) throw new UserError(`--redact needs a secret in $${variable} (at least ${MIN_KEY_LENGTH} characters)`);
  return new Pseudonymizer(key);
}

const NAMING_PARAMETERS: Record<string, PseudonymKind> = { query: 'query', search: 'query', username: 'creator', author: 'creator' };

/** A crawl scope like `models?types=LORA&query=jane+roe`: only the parameters that can name someone change. */
export function redactScope(scope: string, pseudonymizer: Pseudonymizer): string {
  const mark = scope.indexOf('?');
  if (mark < 0) return scope;
  const params = new URLSearchParams(scope.slice(mark + 1));
  for (const [name, kind] of Object.entries(NAMING_PARAMETERS)) {
    const value = params.get(name);
    if (value !== null) params.set(name, pseudonymizer.pseudonym(kind, value));
  }
  return `${scope.slice(0, mark)}?${params.toString()}`;
}

function redactModel(model: ModelLabel, pseudonymizer: Pseudonymizer): ModelLabel {
  // Model names and Hugging Face repo ids usually carry the target's name; a Civitai id leads to it.
  const reference = pseudonymizer.pseudonym('model', `${model.platform}:${model.platformId}`);
  return {
    platform: model.platform,
    platformId: reference,
    name: reference,
    creator: model.creator === null ? null : pseudonymizer.pseudonym('creator', model.creator),
  };
}

/** The same statistics with every name replaced; md, html, csv and json are all rendered from this. */
export function redactStats(stats: Stats, pseudonymizer: Pseudonymizer): Stats {
  return {
    ...stats,
    topCreators: stats.topCreators.map((row) => ({ ...row, creator: pseudonymizer.pseudonym('creator', row.creator) })),
    topTargets: stats.topTargets.map((row) => ({ ...row, target: pseudonymizer.pseudonym('target', row.target) })),
    reuploads: {
      summary: stats.reuploads.summary,
      pairs: stats.reuploads.pairs.map((pair) => ({
        ...pair,
        original: redactModel(pair.original, pseudonymizer),
        reupload: redactModel(pair.reupload, pseudonymizer),
      })),
    },
    rehosting: {
      ...stats.rehosting,
      // A repo id names an account and often its target: the repo becomes a pseudonym, with no link.
      topArchiveRepos: stats.rehosting.topArchiveRepos.map((repo) => {
        const reference = pseudonymizer.pseudonym('model', `huggingface:${repo.repo}`);
        return { ...repo, repo: reference, url: '' };
      }),
    },
    methods: {
      ...stats.methods,
      runs: stats.methods.runs.map((run) => ({ ...run, scope: redactScope(run.scope, pseudonymizer) })),
    },
  };
}
