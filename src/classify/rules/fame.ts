// Kind of fame of a targeted person: the first kind (adult performer, influencer, celebrity, private)
// whose words occur in the tags, name, trigger words or description. Order matters: an adult
// performer is also tagged "celebrity" on Civitai, an Instagram model often "celebrity" too.
import type { Lexicon } from '../lexicon.js';
import type { ModelText } from '../text.js';
import type { Evidence, EvidenceField, Fame } from '../types.js';

export interface FameResult {
  fame: Fame;
  evidence: Evidence[];
}

export function decideFame(text: ModelText, lexicon: Lexicon): FameResult {
  const fields: [EvidenceField, string][] = [
    ['tags', text.tagText],
    ['name', text.nameLower.replace(/_/g, ' ')],
    ['trainedWords', text.trainedLower],
    ['description', text.descriptionLower],
  ];
  for (const { kind, regex } of lexicon.fame) {
    for (const [field, value] of fields) {
      regex.lastIndex = 0;
      const match = regex.exec(value);
      if (match) return { fame: kind, evidence: [{ rule: `fame.${kind}`, field, match: match[0], weight: 1 }] };
    }
  }
  return { fame: 'unknown', evidence: [] };
}
