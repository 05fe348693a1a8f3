/**
 * The contract between the tab (browser, src/tab/client) and its API (server, src/tab/api), both under the bot's
 * restify server. Plain types only: this file is bundled into the browser and compiled for Node.
 *
 * Every /api/tab request carries `Authorization: Bearer <Teams SSO token>` (in local mode, without an app id, the
 * header may be absent and a clearly marked dev identity is used) and `Accept-Language` (the Teams locale; the
 * server answers labels in Swedish unless it starts with "en"). Errors are `{ error: TabError }` with status
 * 400 (bad input), 401 (no or bad token), 403 (not your tenant / not a member of that conversation),
 * 404 (no such thing), 409 (changed by someone else: reload).
 */

export type TabLocale = 'sv' | 'en';
export type TabConversationKind = 'personal' | 'groupChat' | 'channel';

export interface TabError {
  code: 'badRequest' | 'unauthenticated' | 'forbidden' | 'notFound' | 'conflict' | 'internal';
  /** Already in the request's language, for showing as is. */
  message: string;
}

export interface TabConversation {
  /** The conversation key as stored (`channel:19:…@thread.tacv2`, `chat:19:…`, `chat:a:…`). Opaque to the client. */
  key: string;
  kind: TabConversationKind;
  /** "Core Team Äldre › Allmänt", a group chat's name, or "Personlig chatt med SHK-boten". */
  title: string;
}

/** GET /api/tab/me */
export interface MeResponse {
  user: { name: string; tenantId: string; aadObjectId: string; dev: boolean };
  locale: TabLocale;
  /** Conversations with the bot that this user belongs to, newest activity first. */
  conversations: TabConversation[];
  /** The partner organisations people can be filtered by. */
  organisations: Array<{ id: string; name: string }>;
}

export interface TabPerson {
  /** AAD object id when known, else the Teams id; stable for filtering. */
  key: string;
  name: string;
  /** Organisation id (see MeResponse.organisations), when known from the e-mail domain or the minutes. */
  organisation?: string;
}

export interface TabDue {
  date: string; // YYYY-MM-DD (Stockholm)
  time?: string; // HH:mm
  /** "fre 8 mars" / "Fri 8 Mar", with the time when set. */
  label: string;
}

export interface TabItem {
  id: string;
  conversationKey: string;
  title: string;
  status: 'open' | 'done';
  assignees: TabPerson[];
  due?: TabDue;
  /** Open and past its due time, by the server's clock. */
  overdue: boolean;
  /** The meeting it came from, when it was created from minutes or the meeting form. */
  meeting?: { id: string; title: string; date: string };
  createdAt: string;
  createdBy: string;
  completedAt?: string;
  completedBy?: string;
  /** Changes so far; send it back when changing the item (409 when someone changed it meanwhile). */
  revision: number;
}

/** GET /api/tab/items?conversation=KEY (without conversation: all the user's conversations) */
export interface ItemsResponse {
  /** Open items first, then done ones; at most 200 (the server's limit: one page, see `next`). */
  items: TabItem[];
  /** How many items the conversations hold in all, counted up to 1 000 (more than `items.length` when the limit cut the list). */
  total?: number;
  /** Where the next page starts (send it back as `?after=`), while there is one. */
  next?: string;
  /** Today in Stockholm, YYYY-MM-DD. */
  today: string;
}

/** POST /api/tab/items/:id/complete and /api/tab/items/:id/reopen, body ItemChangeRequest → ItemChangeResponse */
export interface ItemChangeRequest {
  revision: number;
}
export interface ItemChangeResponse {
  item: TabItem;
}

export interface TabCriterion {
  id: string;
  label: string;
}

export interface TabCriterionResult {
  criterionId: string;
  label: string;
  mean: number;
  min?: number;
  max?: number;
}

export interface TabResult {
  roundId: string;
  criteriaSetId: string;
  closedAt: string;
  /** "27 feb 2024" */
  closedLabel: string;
  overallMean: number;
  answers: number;
  criteria: TabCriterionResult[];
}

export interface TabInitiative {
  id: string;
  name: string;
  phase: string;
  phaseLabel: string;
  focusAreaLabel: string;
  owner?: string;
  description?: string;
  latest?: TabResult;
  /** Earlier results, newest first (latest not included). */
  history: TabResult[];
}

/** GET /api/tab/initiatives */
export interface InitiativesResponse {
  criteriaSets: Array<{ id: string; name: string; criteria: TabCriterion[] }>;
  initiatives: TabInitiative[];
}

/**
 * GET /api/tab/radar.svg?initiatives=ID,ID,… (1–5; the latest result of each, same criteria set) → image/svg+xml.
 * GET /api/tab/radar.svg?initiative=ID&rounds=ROUND,ROUND (1–5 results of one initiative, for its history).
 */
export const MAX_COMPARE = 5;

export interface TabMeetingTodo {
  text: string;
  owner?: string;
  due?: TabDue;
  /** The linked att-göra and its current state. */
  item?: { id: string; status: 'open' | 'done'; overdue: boolean };
}

export interface TabMeeting {
  id: string;
  conversationKey: string;
  title: string;
  kindLabel: string;
  date: string;
  /** "tisdag 27 februari 2024" */
  dateLabel: string;
  time?: string;
  place?: string;
  participants: Array<{ name: string; organisation?: string }>;
  absent: Array<{ name: string; organisation?: string }>;
  decisions: string[];
  keyPoints: string[];
  other: string[];
  todos: TabMeetingTodo[];
  nextMeeting?: string;
  noteTaker?: string;
}

/** One line of a meeting's live notes (#17). */
export interface TabLiveNote {
  id: string;
  kind: 'decision' | 'todo' | 'note';
  text: string;
  /** "Petra Edoff · fre 5 april" for to-dos; who wrote it otherwise. */
  line: string;
  /** The caller wrote it or takes the notes, so may remove it. */
  removable: boolean;
}

/**
 * GET /api/tab/live?conversation=KEY: the meeting going on in that chat (the side panel); `live` is null when none.
 * POST /api/tab/live/notes { conversation, kind, text } adds a line; POST /api/tab/live/notes/:id/remove
 * { conversation } removes one. Both answer the new state, and the notes card in the chat follows.
 */
export interface LiveResponse {
  live: null | {
    id: string;
    title: string;
    status: 'open' | 'ended';
    noteTaker?: string;
    notes: TabLiveNote[];
  };
}

/** GET /api/tab/meetings?conversation=KEY&q=TEXT (q: words that must all occur, case- and accent-insensitive) */
export interface MeetingsResponse {
  meetings: TabMeeting[];
}

/**
 * Exports for the board report (attachments with a file name):
 * GET /api/tab/export/items.csv | items.xlsx ?conversation=KEY
 * GET /api/tab/export/rounds.csv | rounds.xlsx
 * GET /api/tab/export/report.docx ?conversation=KEY&from=YYYY-MM-DD&to=YYYY-MM-DD (the board report; without dates:
 *   since the last board meeting saved in those conversations, else the last three months)
 */
export type ExportFormat = 'csv' | 'xlsx';
