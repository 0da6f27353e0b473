// "civitai:12345" or "huggingface:owner/name": how `show`, `review` and the console name one model.
import { UserError } from '../errors.js';
import type { Store } from '../db/open.js';
import { findModelId } from '../db/model-ids.js';
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
  const id = findModelId(store, ref);
  if (id === null) throw new UserError(`no model ${formatModelRef(ref)} in the database`);
  return id;
}
