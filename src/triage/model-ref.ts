// "civitai:12345" or "huggingface:owner/name": how `show`, `review` and the console name one model.
import { UserError } from '../errors.js';
import type { Store } from '../db/open.js';
import type { Platform } from '../db/schema.js';

export interface ModelRef {
  platform: Platform;
  platformId: string;
}

const ALIASES: Record<string, Platform> = { civitai: 'civitai', huggingface: 'huggingface', hf: 'huggingface' };

export function parseModelRef(text: string): ModelRef {
  const colon = text.indexOf(':');
  const platform = colon > 0 ? ALIASES[text.slice(0, colon).toLowerCase()] : undefined;
  const platformId = colon > 0 ? text.slice(colon + 1).trim() : '';
  if (!platform || platformId === '') {
    throw new UserError(`expected a model like civitai:12345 or huggingface:owner/name, got "${text}"`);
  }
  return { platform, platformId };
}

export function formatModelRef(ref: ModelRef): string {
  return `${ref.platform}:${ref.platformId}`;
}

/** The store's id for a model, or a UserError naming the reference. */
export function resolveModelId(store: Store, ref: ModelRef): number {
  const row = store.sqlite.prepare('SELECT id FROM models WHERE platform = ? AND platform_id = ?').get(ref.platform, ref.platformId) as
    | { id: number }
    | undefined;
  if (!row) throw new UserError(`no model ${formatModelRef(ref)} in the database`);
  return row.id;
}
