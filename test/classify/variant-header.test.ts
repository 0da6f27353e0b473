// A safetensors header is classifier evidence of its own: an archive file with an anonymous name and
// no sidecar is judged on its training metadata (output name, training folders, caption tags).
import { describe, expect, it } from 'vitest';
import { getClassifier } from '../../src/classify/index.js';
import { variantInput } from '../../src/classify/variants.js';
import type { VariantInputRow } from '../../src/db/variant-decisions.js';
import type { HeaderMetadata } from '../../src/crawlers/safetensors-header.js';

const anonymous: VariantInputRow = {
  id: 1,
  path: 'loras/SD_1.5/lora_0042.safetensors',
  name: 'lora_0042',
  folder: 'loras/SD_1.5',
  size_bytes: 150_000_000,
  civitai_name: null,
  civitai_version_name: null,
  civitai_type: null,
  trained_words: '[]',
  base_model: null,
  poi: null,
  nsfw: null,
  header_metadata: null,
  repo_creator: 'archiver0',
  repo_nsfw: null,
  linked_id: null,
};

const header: HeaderMetadata = {
  outputName: 'Mira Vale (actress)',
  baseModel: 'sd_v1',
  datasetDirs: ['10_mira vale'],
  captionTags: ['mira vale', 'actress', 'celebrity', '1girl', 'photo of a woman'],
  trainingComment: null,
};

describe('an archive file judged on its safetensors header', () => {
  it('is not person-targeting on its file name alone, and is once its training metadata names a person', () => {
    const classifier = getClassifier();
    const without = classifier.classify(variantInput(anonymous, undefined));
    const withHeader = classifier.classify(variantInput({ ...anonymous, header_metadata: JSON.stringify(header) }, undefined));
    expect(without.personTargetNoPoi).toBe(false);
    expect(withHeader.personTargetNoPoi).toBe(true);
    expect(withHeader.targetName?.toLowerCase()).toBe('mira vale');
  });
});
