// Two crawls of a changing world: downloads grow, two models vanish, the file of one reappears under a
// new Civitai id and on Hugging Face, and a file known only by AutoV2 on Civitai shows up on Hugging Face.
import type { Store } from '../../src/db/open.js';
import { classify, ingest, markRemoved, memoryStore, modelRecord, startRun } from './store-builder.js';

export const T1 = '2025-03-01T00:00:00.000Z';
export const T2 = '2025-06-01T00:00:00.000Z';
export const SHARED_SHA = 'ab'.repeat(32);
export const AUTOV2_ONLY_SHA = 'cd'.repeat(32);
export const SCRIPT_NAME = '<script>alert("x")</script> Jane Roe';

export function buildChangingWorld(): Store {
  const store = memoryStore();
  const run1 = startRun(store, { platform: 'civitai', asOf: T1, requests: 10, retries: 1 });
  ingest(store, run1, T1, [
    modelRecord({ platformId: '1', name: 'Alice LoRA', creator: 'ann', downloads: 1000 }),
    modelRecord({ platformId: '2', name: 'Bob LoRA', creator: 'ann', downloads: 500 }),
    modelRecord({ platformId: '3', name: SCRIPT_NAME, creator: 'cal', downloads: 200, files: [{ sha256: SHARED_SHA }] }),
    modelRecord({ platformId: '4', name: 'Style', creator: 'dee', type: 'Checkpoint', downloads: 50, files: [{ autov2: AUTOV2_ONLY_SHA.slice(0, 10) }] }),
  ]);

  const run2 = startRun(store, { platform: 'civitai', asOf: T2, requests: 12, retries: 0 });
  ingest(store, run2, T2, [
    modelRecord({ platformId: '1', name: 'Alice LoRA', creator: 'ann', downloads: 1500 }),
    modelRecord({ platformId: '4', name: 'Style', creator: 'dee', type: 'Checkpoint', downloads: 60, files: [{ autov2: AUTOV2_ONLY_SHA.slice(0, 10) }] }),
    modelRecord({ platformId: '5', name: 'Jane Roe v2', creator: 'eve', createdAt: '2025-04-10T00:00:00.000Z', downloads: 300, files: [{ sha256: SHARED_SHA }] }),
  ]);
  markRemoved(store, 'civitai', '2', T2);
  markRemoved(store, 'civitai', '3', T2, 'taken_down');

  const hfRun = startRun(store, { platform: 'huggingface', asOf: T2, requests: 3 });
  ingest(store, hfRun, T2, [
    modelRecord({
      platform: 'huggingface',
      platformId: 'mirror/jane-roe',
      name: 'jane-roe',
      creator: 'mirror',
      createdAt: '2025-05-20T00:00:00.000Z',
      downloads: 40,
      downloadsAllTime: 90,
      files: [{ sha256: SHARED_SHA.toLowerCase() }],
    }),
    modelRecord({
      platform: 'huggingface',
      platformId: 'mirror/style',
      name: 'style',
      creator: 'mirror',
      type: 'Other',
      createdAt: '2025-05-21T00:00:00.000Z',
      downloads: 5,
      downloadsAllTime: 7,
      files: [{ sha256: AUTOV2_ONLY_SHA }],
    }),
  ]);

  classify(store, 'civitai', '1', { personTarget: true, targetName: 'Alice', targetGender: 'female', fame: 'celebrity', sexual: true });
  classify(store, 'civitai', '2', { personTarget: true, targetName: 'Bob', targetGender: 'male', fame: 'celebrity' });
  classify(store, 'civitai', '3', { personTarget: true, targetName: SCRIPT_NAME, targetGender: 'female', fame: 'private', sexual: true });
  classify(store, 'civitai', '4', { personTarget: false });
  classify(store, 'civitai', '5', { personTarget: true, targetName: 'Jane Roe', targetGender: 'female', fame: 'private', nciiLevel: 'suggestive' });
  classify(store, 'huggingface', 'mirror/jane-roe', { personTarget: true, targetName: 'jane roe', targetGender: 'female', fame: 'private', baseFamily: 'Flux.1' });
  classify(store, 'huggingface', 'mirror/style', { personTarget: false });
  return store;
}
