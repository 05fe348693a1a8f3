import { createHash } from 'node:crypto';
import { formatDateTime } from '../../domain/dates/due-date.js';
import { personKeys, type PersonRef } from '../../domain/people/person.js';
import type { PersonalDataSummary } from '../../domain/privacy/personal-data.js';
import type { ErasureReport } from '../../domain/privacy/privacy-service.js';
import type { MessageKey } from '../../i18n/index.js';
import { plainText, type CardContext } from '../card-context.js';
import { renderCard, type AdaptiveCard } from '../cards.js';

/** The cards of "mina data" and "radera mina data". */

/**
 * A short tag of the person a card was made for: the confirmation carries it, and a click by anyone else is
 * refused. (In a personal chat only its owner can click; this keeps it so should a card ever travel.)
 */
export function subjectTag(person: PersonRef): string {
  return createHash('sha256').update(personKeys(person).sort().join(',')).digest('hex').slice(0, 16);
}

/** The URL an export is downloaded from (served by src/server.ts). */
export const exportPath = (tenantId: string, token: string): string => `/exports/${encodeURIComponent(tenantId)}/${token}.json`;

export function myDataCard(
  person: PersonRef,
  summary: PersonalDataSummary,
  download: { url: string; expiresAt: string },
  c: CardContext,
): AdaptiveCard {
  const fact = (key: MessageKey, value: number) => ({ title: c.t(key), value: String(value) });
  return renderCard('my-data', {
    title: c.t('privacy.summary.title'),
    intro: c.t('privacy.summary.intro', { name: plainText(person.name) }),
    facts: [
      fact('privacy.fact.itemsAssigned', summary.itemsAssigned),
      fact('privacy.fact.itemsCreated', summary.itemsCreated),
      fact('privacy.fact.answers', summary.answers),
      fact('privacy.fact.meetings', summary.meetings),
      fact('privacy.fact.reminders', summary.reminders),
      fact('privacy.fact.members', summary.members),
      fact('privacy.fact.conversations', summary.conversations),
      fact('privacy.fact.other', summary.other),
    ],
    downloadText: c.t('privacy.download.text', { time: formatDateTime(new Date(download.expiresAt), c.locale, c.timeZone) }),
    downloadLabel: c.t('privacy.download.action'),
    downloadUrl: download.url,
    deleteLabel: c.t('privacy.delete.action'),
    subject: subjectTag(person),
  });
}

export function confirmEraseCard(person: PersonRef, c: CardContext): AdaptiveCard {
  return renderCard('my-data-confirm-delete', {
    title: c.t('privacy.confirm.title'),
    deletedHeading: c.t('privacy.confirm.deletedHeading'),
    deletedList: c.t('privacy.confirm.deletedList'),
    keptHeading: c.t('privacy.confirm.keptHeading'),
    keptText: c.t('privacy.confirm.keptText', { neutral: c.t('privacy.deletedPerson') }),
    warning: c.t('privacy.confirm.warning'),
    confirm: c.t('privacy.confirm.action'),
    cancel: c.t('privacy.confirm.cancel'),
    subject: subjectTag(person),
  });
}

export function erasedCard(report: ErasureReport, c: CardContext): AdaptiveCard {
  const rows = (entries: Array<[MessageKey, number]>) => entries.filter(([, n]) => n > 0).map(([key, n]) => ({ title: c.t(key), value: String(n) }));
  const deleted = rows([
    ['privacy.count.members', report.deleted.members],
    ['privacy.count.conversations', report.deleted.conversations],
    ['privacy.count.ownItems', report.deleted.actionItems],
    ['privacy.count.reminders', report.deleted.reminders],
    ['privacy.count.drafts', report.deleted.drafts],
    ['privacy.count.exports', report.deleted.exports],
  ]);
  const anonymised = rows([
    ['privacy.count.items', report.anonymised.actionItems],
    ['privacy.count.answers', report.anonymised.answers],
    ['privacy.count.rounds', report.anonymised.rounds],
    ['privacy.count.initiatives', report.anonymised.initiatives],
    ['privacy.count.meetings', report.anonymised.meetings],
    ['privacy.count.reminders', report.anonymised.reminders],
  ]);
  return renderCard('my-data-deleted', {
    title: c.t('privacy.done.title'),
    nothing: deleted.length === 0 && anonymised.length === 0,
    nothingText: c.t('privacy.done.nothing'),
    deletedHeading: c.t('privacy.done.deletedHeading'),
    deleted,
    anonymisedHeading: c.t('privacy.done.anonymisedHeading'),
    anonymised,
    note: c.t('privacy.done.note'),
  });
}
