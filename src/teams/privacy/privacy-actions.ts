import { z } from 'zod';
import { updatePostedItemCard } from '../action-items/act.js';
import { cardContextOf } from '../card-context.js';
import { renderCard } from '../cards.js';
import { confirmEraseCard, erasedCard, subjectTag } from './privacy-cards.js';
import { cardAction, type CardActionResult, type TurnScope } from '../router.js';

/** The buttons of "mina data": ask to erase, confirm (erases), cancel. Personal chat only, the card's owner only. */

const subjectRef = z.object({ subject: z.string().regex(/^[0-9a-f]{16}$/) });

function refusal(scope: TurnScope, subject: string): CardActionResult | undefined {
  if (scope.address.kind !== 'personal') return { kind: 'message', text: scope.t('privacy.onlyPersonal') };
  if (subject !== subjectTag(scope.user)) return { kind: 'message', text: scope.t('privacy.otherPerson') };
  return undefined;
}

/** "Radera mina data …" on the summary card: shows what will happen; nothing changes yet. */
export const askEraseAction = cardAction({
  verb: 'privacy.askDelete',
  data: subjectRef,
  async handle(scope, { subject }) {
    return refusal(scope, subject) ?? { kind: 'card', card: confirmEraseCard(scope.user, cardContextOf(scope)) };
  },
});

/** "Ja, radera mina data": erases, then shows what was deleted and what was kept without the name. */
export const confirmEraseAction = cardAction({
  verb: 'privacy.confirmDelete',
  data: subjectRef,
  async handle(scope, { subject }) {
    const refused = refusal(scope, subject);
    if (refused) return refused;
    const { services, tenantId } = scope;
    const report = await services.privacy.erase(tenantId, scope.user, scope.t('privacy.deletedPerson'));
    services.logger.info({ tenantId, deleted: report.deleted, anonymised: report.anonymised }, 'personal data erased');
    // Posted att-göra cards show names: refresh them so the channel shows the neutral name too (best effort).
    for (const item of report.changedItems) await updatePostedItemCard(services, tenantId, item);
    return { kind: 'card', card: erasedCard(report, cardContextOf(scope)), updateMessage: true };
  },
});

export const cancelEraseAction = cardAction({
  verb: 'privacy.cancelDelete',
  data: subjectRef,
  async handle(scope) {
    return { kind: 'card', card: renderCard('notice', { text: scope.t('privacy.cancelled') }), updateMessage: true };
  },
});
