import type { Locale } from '../../i18n/index.js';
import data from './criteria-sets.json' with { type: 'json' };

/**
 * Criteria sets of the spider diagram. They are data (criteria-sets.json), loaded and checked once: a set has
 * 3–8 criteria, each with a unique id, a Swedish and an English name and guiding questions.
 */

type Localised = Record<Locale, string>;

export interface Criterion {
  id: string;
  name: Localised;
  questions: Localised;
}

export interface CriteriaSet {
  id: string;
  aliases: string[];
  name: Localised;
  criteria: Criterion[];
}

export const SCORE_MIN = 1;
export const SCORE_MAX = 5;

function load(): CriteriaSet[] {
  const raw = data as { sets: CriteriaSet[] };
  for (const set of raw.sets) {
    const ids = new Set(set.criteria.map((c) => c.id));
    if (set.criteria.length < 3 || set.criteria.length > 8 || ids.size !== set.criteria.length) {
      throw new Error(`criteria set ${set.id}: needs 3–8 criteria with unique ids`);
    }
    for (const c of set.criteria) {
      if (!c.name.sv || !c.name.en || !c.questions.sv || !c.questions.en) throw new Error(`criteria set ${set.id}: ${c.id} lacks a name or questions`);
    }
  }
  return raw.sets;
}

export const CRITERIA_SETS: readonly CriteriaSet[] = load();
export const DEFAULT_CRITERIA_SET = 'standard';

export function criteriaSet(id: string): CriteriaSet | undefined {
  return CRITERIA_SETS.find((set) => set.id === id);
}

/** "konceptfas", "Concept phase" … → the set, by id or alias, case-insensitively. */
export function findCriteriaSet(nameOrAlias: string): CriteriaSet | undefined {
  const wanted = nameOrAlias.trim().toLocaleLowerCase('sv-SE');
  return CRITERIA_SETS.find((set) => set.id === wanted || set.aliases.includes(wanted));
}
