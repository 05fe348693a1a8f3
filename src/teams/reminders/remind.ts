import { formatDateTime } from '../../domain/dates/due-date.js';
import { parseReminder } from '../../domain/reminders/parse-reminder.js';
import { nextOccurrence } from '../../domain/reminders/reminder.js';
import { cardContextOf, plainText } from '../card-context.js';
import { recurrenceText } from './reminder-cards.js';
import { errorKey } from '../failure.js';
import type { CommandRoute } from '../router.js';

/** Longest text accepted after "påminn mig/oss". */
const MAX_TEXT = 1_000;

/** "påminn oss 2 april kl 9 om KPR-mötet: skicka material till Matilda och Christine", "påminn mig varje måndag kl 9 om …" */
export const remindCommand: CommandRoute = {
  name: 'remind',
  patterns: [/^(?:påminn|paminn|remind)\s+(?<who>mig|oss|me|us)(?:\s+(?<rest>[\s\S]+))?$/i],
  help: { group: 'reminders', usage: 'command.remind.usage', description: 'command.remind.description', order: 0, onWelcome: true },
  async handle(request, match) {
    const { services, t } = request;
    const rest = (match.groups?.rest ?? '').slice(0, MAX_TEXT);
    const now = services.clock.now();
    const outcome = parseReminder(match.groups?.who ?? 'mig', rest, { now, timeZone: services.config.timeZone });
    if (!outcome.ok) {
      await request.reply(t(errorKey('reminders', outcome.error), { text: plainText(outcome.error.detail ?? '') }));
      return;
    }
    const parsed = outcome.value;
    await services.reminders.addCustom({
      tenantId: request.tenantId,
      conversationKey: request.conversationKey,
      text: parsed.text,
      audience: parsed.audience,
      person: request.sender,
      ...(parsed.dueAt ? { dueAt: parsed.dueAt } : {}),
      ...(parsed.recurrence ? { recurrence: parsed.recurrence } : {}),
    });
    const c = cardContextOf(request);
    const who = t(parsed.audience === 'me' ? 'reminder.who.me' : 'reminder.who.us');
    const reply = parsed.recurrence
      ? t('reminder.createdRecurring', {
          who,
          when: recurrenceText(parsed.recurrence, c),
          first: formatDateTime(nextOccurrence(parsed.recurrence, now, c.timeZone), c.locale, c.timeZone, now),
          text: plainText(parsed.text),
        })
      : t('reminder.created', { who, when: formatDateTime(parsed.dueAt!, c.locale, c.timeZone, now), text: plainText(parsed.text) });
    await request.reply(reply);
  },
};
