import { ITEM_ID_PATTERN } from '../../domain/action-items/list-order.js';
import { z } from 'zod';
import { LIVE_NOTE_KINDS } from '../../domain/meetings/live-meeting.js';
import { cardAction, type CardActionResult, type TurnScope } from '../router.js';
import { addFromCard, completeFromBrief, finish, liveRef, takeNotes, viewNotes } from './live-flow.js';

/** Buttons of "Inför mötet" and "Mötesanteckningar" (#17). */

/** A button whose only data is the live meeting's id. */
function liveAction(verb: string, run: (scope: TurnScope, liveId: string) => Promise<CardActionResult>) {
  return cardAction({ verb, data: liveRef, handle: (scope, { liveId }) => run(scope, liveId) });
}

export const takeNotesAction = liveAction('meeting.live.takeNotes', takeNotes);

export const completeFromBriefAction = cardAction({
  verb: 'meeting.live.complete',
  data: liveRef.extend({ id: z.string().regex(new RegExp(`^${ITEM_ID_PATTERN}$`), 'id'), revision: z.coerce.number().int().min(1).optional() }),
  handle: (scope, data) => completeFromBrief(scope, data),
});

export const addNoteAction = cardAction({
  verb: 'meeting.live.add',
  // The text is bounded again (and explained) by the domain; this only keeps huge payloads out.
  data: liveRef.extend({ kind: z.enum(LIVE_NOTE_KINDS).default('note'), text: z.string().max(5_000).default('') }),
  handle: (scope, data) => addFromCard(scope, data),
});

export const viewNotesAction = liveAction('meeting.live.view', viewNotes);

export const finishNotesAction = liveAction('meeting.live.finish', finish);
