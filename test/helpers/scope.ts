import { loadConfig } from '../../src/config.js';
import type { ConversationKind } from '../../src/domain/conversations/conversation.js';
import { FixedClock } from '../../src/domain/ports.js';
import { translator, type Locale } from '../../src/i18n/index.js';
import { silentLogger } from '../../src/logger.js';
import type { TurnScope } from '../../src/teams/router.js';
import { cardActionRoutes, commandRoutes } from '../../src/teams/routes.js';
import type { BotServices } from '../../src/teams/services.js';
import { TENANT } from './activities.js';

/** Tue 27 Feb 2024 09:00 in Stockholm: the Core Team meeting of the seed minutes. */
export const SAMPLE_NOW = '2024-02-27T08:00:00Z';

/**
 * A turn scope for rendering cards outside a turn (card validation, screenshots). Only what card builders read
 * is real; a builder that reaches for the store or the context fails loudly.
 */
export function sampleScope(locale: Locale, kind: ConversationKind = 'channel'): TurnScope {
  const unavailable = new Proxy({}, { get: (_t, p) => { throw new Error(`sampleScope: ${String(p)} is not available when rendering samples`); } });
  const services: BotServices = {
    config: loadConfig({ LOCAL_MODE: 'true' }),
    clock: new FixedClock(SAMPLE_NOW),
    logger: silentLogger(),
    conversations: unavailable as never,
    proactive: unavailable as never,
    people: unavailable as never,
    actionItems: unavailable as never,
    evaluations: unavailable as never,
    meetings: unavailable as never,
    liveMeetings: unavailable as never,
    reminders: unavailable as never,
    privacy: unavailable as never,
    charts: unavailable as never,
    reports: unavailable as never,
    roundProgress: unavailable as never,
    commands: commandRoutes,
    cardActions: cardActionRoutes,
    awaiting: new Map(),
    attachments: [],
  };
  return {
    sender: { id: '29:petra-edoff', name: 'Petra Edoff' },
    reply: unavailable as never,
    post: unavailable as never,
    update: unavailable as never,
    postInThread: unavailable as never,
    people: unavailable as never,
    meeting: unavailable as never,
    turn: { claim: async () => true },
    services,
    tenantId: TENANT,
    address: { tenantId: TENANT, kind, conversationId: '19:sample@thread.tacv2', serviceUrl: 'http://localhost/', channelIdName: 'msteams', botId: '28:bot' },
    conversationKey: 'channel:19:sample@thread.tacv2',
    conversation: undefined as never,
    locale,
    t: translator(locale),
    user: { id: '29:petra-edoff', name: 'Petra Edoff' },
  };
}
