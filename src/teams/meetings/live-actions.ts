import { ITEM_ID_PATTERN } from '../../domain/action-items/list-order.js';
import { z } from 'zod';
import { LIVE_NOTE_KINDS } from '../../domain/meetings/live-meeting.js';
import { cardAction } from '../router.js';
import { addFromCard, completeFromBrief, finish, liveRef, takeNotes, viewNotes } from './live-flow.js';

/** Buttons of "Inför mötet" and "Mötesanteckningar" (#17). */

export const takeNotesAction = cardAction({
  verb: 'meeting.live.takeNotes',
  data: liveRef,
  handle: (scope, { liveId }) => takeNotes(scope, liveId),
});

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

export const viewNotesAction = cardAction({
  verb: 'meeting.live.view',
  data: liveRef,
  handle: (scope, { liveId }) => viewNotes(scope, liveId),
});

export const finishNotesAction = cardAction({
  verb: 'meeting.live.finish',
  data: liveRef,
  handle: (scope, { liveId }) => finish(scope, liveId),
});
