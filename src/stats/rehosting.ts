// Re-hosting figures (issue 12): Civitai models living on in Hugging Face archive repos, counted by
// file (variant), with repos alongside. Every figure is defined in DEFINITIONS, which `stats --json`
// prints with the numbers. Person-targeting counts use each variant's own decision with poi
// ignored (person_target_no_poi), the mode that works where Civitai's flag is gone.
import type { Store } from '../db/open.js';
import { linkTotals, poiVariantCount, removedRehosting, topArchiveRepos, variantTotals, type ArchiveRepoRow, type LinkTotals, type RemovedRehosting, type VariantTotals } from '../db/rehosting.js';

export const REHOSTING_DEFINITIONS = {
  scope:
    "Every archive variant in the store with its own current decision (written by dfwatch classify); the --platform, --since and --classifier-version filters of the model figures do not apply. A file is never downloaded: variants come from each repo's file list (LFS SHA256 and size), their sidecars and, with --headers, their safetensors headers.",
  archiveRepos: 'Hugging Face repos holding two or more model files (.safetensors/.ckpt/.pt/.bin of 1 MiB or more).',
  variants: 'Model files inside archive repos, each counted once per repo and path.',
  variantsWithSidecar: 'Variants whose Civitai sidecar (.civitai.info/.civitai.json/.json) was read and validated.',
  linkedVariants:
    "Variants matched to a Civitai model: by the sidecar's model id (a stored model), by SHA256 against stored Civitai files, by AutoV2 (the first 10 hex digits of the SHA256) where one side lacks the SHA256, or by Civitai's own by-hash answer (crawl huggingface --civitai-by-hash).",
  linkedBySidecar: "Variants linked by their sidecar's model id to a stored Civitai model.",
  linkedBySha256: 'Variants linked by SHA256 to a stored Civitai file.',
  linkedByAutov2: 'Variants linked by AutoV2 to a stored Civitai file that (or whose variant) lacks the SHA256.',
  linkedByCivitaiApi: "Variants linked by Civitai's GET /api/v1/model-versions/by-hash answer (public model versions only; cached, asked once per hash).",
  rehostedCivitaiModels: 'Distinct Civitai models (by id) that at least one variant re-hosts.',
  unclassifiedVariants: 'Variants without a decision yet (run dfwatch classify).',
  personTargetingVariants: "Variants the classifier flags as targeting a real person with Civitai's poi flag ignored.",
  personTargetingVariantsWithPoi: 'Variants flagged with every signal, the sidecar poi flag included.',
  poiVariants: "Variants re-hosting a Civitai model flagged poi (by the sidecar or the stored model): hidden from Civitai's API since 22 May 2025.",
  rehostedAfterRemoval:
    'Variants whose linked Civitai model is marked removed, still seen on the Hub at or after that removal; civitaiModels counts those models, repoDownloads sums the lifetime downloads of the repos hosting them (the Hub counts downloads per repo, not per file).',
  topArchiveRepos: 'Archive repos ranked by person-targeting variants, then by variants.',
} as const;

export type { ArchiveRepoRow };

export interface RehostingFigures extends VariantTotals, LinkTotals {
  definitions: typeof REHOSTING_DEFINITIONS;
  poiVariants: number;
  rehostedAfterRemoval: RemovedRehosting;
  topArchiveRepos: ArchiveRepoRow[];
}

export function rehostingFigures(store: Store, options: { topN: number }): RehostingFigures {
  return {
    definitions: REHOSTING_DEFINITIONS,
    ...variantTotals(store),
    ...linkTotals(store),
    poiVariants: poiVariantCount(store),
    rehostedAfterRemoval: removedRehosting(store),
    topArchiveRepos: topArchiveRepos(store, options.topN),
  };
}
