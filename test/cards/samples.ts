import { completeActionItem, createActionItem, deleteActionItem, type ActionItem } from '../../src/domain/action-items/action-item.js';
import type { Locale } from '../../src/i18n/index.js';
import { confirmDeleteCard, deletedCard, editCard, itemCard } from '../../src/teams/action-items/item-card.js';
import { listCard } from '../../src/teams/action-items/list-card.js';
import { cardContextOf } from '../../src/teams/card-context.js';
import type { AdaptiveCard } from '../../src/teams/cards.js';
import { helpCard } from '../../src/teams/commands/help.js';
import { welcomeCard } from '../../src/teams/welcome.js';
import { PEOPLE, TENANT } from '../helpers/activities.js';
import { SAMPLE_NOW, sampleScope } from '../helpers/scope.js';

/** Items from the Core Team meeting of 27 February 2024 (seeds/core-team-2024-02-27-minutes.txt). */
export function sampleItems(): ActionItem[] {
  const now = new Date(SAMPLE_NOW);
  const base = { tenantId: TENANT, conversationKey: 'channel:19:core-team-aldre@thread.tacv2', createdBy: PEOPLE.marianne };
  const petra = createActionItem(
    { ...base, id: '00000000-0000-4000-8000-000000000001', title: 'Skicka mail om ensamhetspengen och samla intresserade', assignees: [PEOPLE.petra], due: { date: '2024-03-01' } },
    now,
  );
  const johan = createActionItem(
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000002',
      title: 'Kontakta Anne om vägen in till Västerås för kunskapsutbyte kring servicetjänster och digitala inköp',
      assignees: [PEOPLE.johan, PEOPLE.anne],
      source: { kind: 'meeting', meetingId: 'm-2024-02-27', title: 'Core Team möte, 27 februari' },
    },
    now,
  );
  const overdue = createActionItem(
    { ...base, id: '00000000-0000-4000-8000-000000000003', title: 'Ta fram lättförståeligt material om Salus mea till KPR', assignees: [PEOPLE.christine], due: { date: '2024-02-20', time: '09:00' } },
    new Date('2024-02-01T08:00:00Z'),
  );
  const done = completeActionItem(
    createActionItem({ ...base, id: '00000000-0000-4000-8000-000000000004', title: 'Boka lokal för Öppen verkstad 15 mars', assignees: [PEOPLE.petra], due: { date: '2024-03-15' } }, now),
    PEOPLE.petra,
    now,
  );
  return [overdue, petra, johan, done];
}

/**
 * One or more realistic renderings of every template in cards/, through the same builders the bot uses.
 * The card test fails for a template that has no entry here, so a new card cannot skip validation.
 */
export const cardSamples: Record<string, (locale: Locale) => AdaptiveCard[]> = {
  help: (locale) => [helpCard(sampleScope(locale, 'channel')), helpCard(sampleScope(locale, 'personal'))],
  welcome: (locale) => [welcomeCard(sampleScope(locale, 'channel')), welcomeCard(sampleScope(locale, 'personal'))],
  'action-item': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    return [...sampleItems().map((item) => itemCard(item, c)), itemCard(sampleItems()[1]!, c, { text: c.t('item.notice.stale'), tone: 'attention' })];
  },
  'action-item-edit': (locale) => sampleItems().map((item) => editCard(item, cardContextOf(sampleScope(locale)), [PEOPLE.marianne])),
  'action-item-confirm-delete': (locale) => [confirmDeleteCard(sampleItems()[1]!, cardContextOf(sampleScope(locale)))],
  'action-item-deleted': (locale) => [deletedCard(deleteActionItem(sampleItems()[1]!, PEOPLE.petra, new Date(SAMPLE_NOW)), cardContextOf(sampleScope(locale)))],
  'action-item-list': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const many = Array.from({ length: 20 }, (_, i) => ({ ...sampleItems()[i % 4]!, id: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}` }));
    return [
      listCard(sampleItems(), { scope: 'conversation', filter: 'all', page: 0 }, c),
      listCard([], { scope: 'mine', filter: 'open', page: 0 }, c),
      listCard(many, { scope: 'mine', filter: 'open', page: 1 }, c, { text: c.t('item.notice.done'), tone: 'good' }),
    ];
  },
};
