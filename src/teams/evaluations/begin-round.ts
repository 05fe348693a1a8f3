import { FOCUS_AREAS, PHASES, type FocusArea, type Phase } from '../../domain/initiatives/initiative.js';
import { personKeys, type PersonRef } from '../../domain/people/person.js';
import type { StartRequest } from '../../domain/scoring/evaluation-service.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { cardContextOf, plainText } from '../card-context.js';
import { errorKey } from '../failure.js';
import type { TurnScope } from '../router.js';
import { roundCard } from './scoring-cards.js';

/** What the "which initiative?" card carries to its buttons, to start the round the person asked for. */
export interface PendingStart {
  text: string;
  evaluators: PersonRef[];
  /** A key of the person who wrote the command: only they may choose. */
  by: string;
}

export type BeginOutcome = { kind: 'started'; name: string } | { kind: 'message'; text: string } | { kind: 'choose'; card: AdaptiveCard };

/**
 * Starts a round from "bedöm …" (or from the choice card's buttons): posts the shared round card and remembers
 * it. A name no initiative has is not silently created: the person gets a card asking whether it is one of the
 * close matches ("Menade du Måltider och möten?") or a new initiative, with its focus area and phase.
 */
export async function beginRound(scope: TurnScope, pending: Omit<PendingStart, 'by'>, initiative?: StartRequest['initiative']): Promise<BeginOutcome> {
  const { services, t } = scope;
  const started = await services.evaluations.startRound({
    tenantId: scope.tenantId,
    conversationKey: scope.conversationKey,
    text: pending.text,
    evaluators: pending.evaluators,
    createdBy: scope.sender,
    ...(initiative ? { initiative } : {}),
  });
  if (!started.ok) {
    const { error } = started;
    if (error.code === 'unknownInitiative') {
      const { name, matches } = error.detail!;
      return { kind: 'choose', card: choiceCard(scope, { ...pending, by: personKeys(scope.sender)[0] ?? '' }, name, matches.map((m) => ({ id: m.id, name: m.name }))) };
    }
    const detail = String(error.detail ?? '');
    return { kind: 'message', text: t(errorKey('startRound', { code: error.code }), { text: plainText(detail), max: detail }) };
  }
  const { round, initiative: i, created } = started.value;
  if (created) {
    await scope.reply(t('round.createdInitiativeWith', { name: plainText(i.name), focusArea: t(`focusArea.${i.focusArea}`), phase: t(`phase.${i.phase}`) }));
  }
  const posted = await scope.post(roundCard(round, 0, cardContextOf(scope)));
  if (posted) await services.evaluations.recordCard(scope.tenantId, round.id, { card: posted });
  return { kind: 'started', name: i.name };
}

/** The choice card for the card samples (screenshots, validation). */
export const choiceCardForSamples = (scope: TurnScope, name: string, matches: Array<{ id: string; name: string }>): AdaptiveCard =>
  choiceCard(scope, { text: name, evaluators: [], by: personKeys(scope.sender)[0] ?? '' }, name, matches);

function choiceCard(scope: TurnScope, pending: PendingStart, name: string, matches: Array<{ id: string; name: string }>): AdaptiveCard {
  const { t } = scope;
  const base = { text: pending.text, evaluators: pending.evaluators, by: pending.by };
  return renderCard('round-start-choice', {
    heading: t('evaluate.unknown.heading', { name: plainText(name) }),
    hasMatches: matches.length > 0,
    didYouMean: matches.length === 1 ? t('evaluate.unknown.didYouMean', { name: plainText(matches[0]!.name) }) : t('evaluate.unknown.didYouMeanMany'),
    matches: matches.map((m) => ({ title: t('evaluate.unknown.pick', { name: plainText(m.name) }), data: { ...base, initiativeId: m.id } })),
    newHeading: t('evaluate.unknown.newHeading'),
    labels: { focusArea: t('initiative.label.focusArea'), phase: t('initiative.label.phase') },
    focusAreas: FOCUS_AREAS.map((value) => ({ title: t(`focusArea.${value}`), value })),
    phases: PHASES.map((value) => ({ title: t(`phase.${value}`), value })),
    create: t('evaluate.unknown.create'),
    createData: { ...base, create: 'new' },
  });
}

export const isFocusArea = (value: unknown): value is FocusArea => (FOCUS_AREAS as readonly unknown[]).includes(value);
export const isPhase = (value: unknown): value is Phase => (PHASES as readonly unknown[]).includes(value);
