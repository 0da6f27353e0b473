// Corpus evidence (issue 14 item 3): a trigger word that other models in the store confirm as a real
// person raises the score of every model using it, and a creator whose models mostly target people
// is one more signal. The counts come from src/db/corpus.ts; this model is taken out of them, so a
// model never confirms itself. "Confirmed" is Civitai's poi flag, a person context tag or a confirmed
// review of another model. Absent corpus (one record classified alone) adds nothing.
import type { CorpusSignal, Evidence } from '../types.js';

const WEIGHTS = { wordConfirmedByMany: 1.5, wordConfirmed: 1, creatorMostly: 1, creatorOften: 0.5 } as const;
/** Share of a word's other models that must be confirmed: a word mostly used for real people. */
const MIN_WORD_SHARE = 0.5;
const MIN_CREATOR_OTHERS = 4;

export function corpusSignal(corpus: CorpusSignal | undefined, evidence: Evidence[]): number {
  if (!corpus) return 0;
  let score = 0;
  let best: { word: string; others: number; confirmed: number } | null = null;
  for (const [word, models, confirmed] of corpus.words) {
    const others = models - 1;
    const othersConfirmed = confirmed - (corpus.self ? 1 : 0);
    if (others < 1 || othersConfirmed < 1 || othersConfirmed / others < MIN_WORD_SHARE) continue;
    if (!best || othersConfirmed > best.confirmed || (othersConfirmed === best.confirmed && word < best.word)) best = { word, others, confirmed: othersConfirmed };
  }
  if (best) {
    const weight = best.confirmed >= 2 ? WEIGHTS.wordConfirmedByMany : WEIGHTS.wordConfirmed;
    score += weight;
    evidence.push({ rule: 'person.corpus-word', field: 'corpus', match: `"${best.word}" named by ${best.others} other model${best.others === 1 ? '' : 's'}, ${best.confirmed} confirmed`, weight });
  }
  if (corpus.creator) {
    const others = corpus.creator[0] - 1;
    const othersConfirmed = corpus.creator[1] - (corpus.self ? 1 : 0);
    const share = others > 0 ? othersConfirmed / others : 0;
    const weight = others >= MIN_CREATOR_OTHERS ? (share >= 0.8 ? WEIGHTS.creatorMostly : share >= 0.5 ? WEIGHTS.creatorOften : 0) : 0;
    if (weight > 0) {
      score += weight;
      evidence.push({ rule: 'person.corpus-creator', field: 'corpus', match: `creator: ${othersConfirmed} of ${others} other models confirmed real people`, weight });
    }
  }
  return score;
}
