import type { PersonRef } from '../people/person.js';

/**
 * An innovation initiative (a concept on its way to pilot), as the Core Team follows it through the phases of
 * SHK's innovation process, with the result of its latest evaluation round.
 */

export const PHASES = ['idea', 'concept', 'pilot', 'implementation', 'followUp'] as const;
export type Phase = (typeof PHASES)[number];

export const FOCUS_AREAS = ['elderly', 'childrenAndYouth', 'other'] as const;
export type FocusArea = (typeof FOCUS_AREAS)[number];

export const NAME_MAX_LENGTH = 120;

export interface LatestResult {
  roundId: string;
  criteriaSetId: string;
  closedAt: string;
  overallMean: number;
  /** Mean per criterion id, one decimal. */
  means: Record<string, number>;
  answers: number;
  chartPath: string;
}

export interface Initiative {
  id: string;
  tenantId: string;
  name: string;
  /** Lower-cased, white space folded: how a name typed in a command is matched. */
  nameKey: string;
  focusArea: FocusArea;
  /** Free text when focusArea is 'other'. */
  focusAreaText?: string;
  phase: Phase;
  owner?: PersonRef;
  description?: string;
  createdBy: PersonRef;
  createdAt: string;
  updatedAt: string;
  latestResult?: LatestResult;
  /** Earlier results, newest first (the round history). */
  results: LatestResult[];
}

export function initiativeNameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv-SE');
}

export function newInitiative(input: { id: string; tenantId: string; name: string; createdBy: PersonRef; focusArea?: FocusArea; phase?: Phase }, now: Date): Initiative {
  const name = input.name.replace(/\s+/g, ' ').trim();
  return {
    id: input.id,
    tenantId: input.tenantId,
    name,
    nameKey: initiativeNameKey(name),
    focusArea: input.focusArea ?? 'other',
    phase: input.phase ?? 'concept',
    createdBy: input.createdBy,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    results: [],
  };
}

/** Records a closed round's result as the initiative's latest (kept in its history too). */
export function withResult(initiative: Initiative, result: LatestResult, now: Date): Initiative {
  return {
    ...initiative,
    latestResult: result,
    results: [result, ...initiative.results.filter((r) => r.roundId !== result.roundId)].slice(0, 20),
    updatedAt: now.toISOString(),
  };
}

/** The initiative without the result of `roundId` (its round was reopened); the latest is the next newest. */
export function withoutResult(initiative: Initiative, roundId: string, now: Date): Initiative {
  const results = initiative.results.filter((r) => r.roundId !== roundId);
  const { latestResult: _dropped, ...rest } = initiative;
  void _dropped;
  return { ...rest, ...(results[0] ? { latestResult: results[0] } : {}), results, updatedAt: now.toISOString() };
}

export const DESCRIPTION_MAX_LENGTH = 2_000;

export interface InitiativeDetails {
  name: string;
  focusArea: FocusArea;
  focusAreaText?: string;
  phase: Phase;
  owner?: PersonRef;
  description?: string;
}

export type InitiativeProblem = 'emptyName' | 'nameTooLong' | 'descriptionTooLong';

/** Checks and tidies what a form sent; a problem code when it cannot be saved. */
export function checkDetails(details: InitiativeDetails): InitiativeDetails | InitiativeProblem {
  const name = details.name.replace(/\s+/g, ' ').trim();
  if (!name) return 'emptyName';
  if (name.length > NAME_MAX_LENGTH) return 'nameTooLong';
  const description = details.description?.trim();
  if (description && description.length > DESCRIPTION_MAX_LENGTH) return 'descriptionTooLong';
  const focusAreaText = details.focusArea === 'other' ? details.focusAreaText?.replace(/\s+/g, ' ').trim().slice(0, NAME_MAX_LENGTH) : undefined;
  return {
    name,
    focusArea: details.focusArea,
    ...(focusAreaText ? { focusAreaText } : {}),
    phase: details.phase,
    ...(details.owner ? { owner: details.owner } : {}),
    ...(description ? { description } : {}),
  };
}

export function withDetails(initiative: Initiative, details: InitiativeDetails, now: Date): Initiative {
  const { focusAreaText: _f, owner: _o, description: _d, ...rest } = initiative;
  void _f; void _o; void _d;
  return { ...rest, ...details, nameKey: initiativeNameKey(details.name), updatedAt: now.toISOString() };
}
