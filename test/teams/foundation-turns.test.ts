import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/domain/conversations/conversation.js';
import { ConversationRepository } from '../../src/store/conversation-repository.js';
import { partitionKey } from '../../src/store/document-store.js';
import { BOT, botAddedToConversation, cardAction, CHANNEL_ID, installed, message, OTHER_TENANT, PEOPLE, TENANT, uninstalled, where } from '../helpers/activities.js';
import { cardOf, cardText, startTestBot, type TestBot } from '../helpers/test-app.js';

describe('The bot in Teams, through POST /api/messages', () => {
  let bot: TestBot;
  let serviceUrl: string;

  beforeAll(async () => {
    bot = await startTestBot();
    serviceUrl = bot.connector.url;
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  const conversationDoc = (tenantId: string, key: string) =>
    bot.app.store.container<any>('conversations').get(partitionKey(tenantId), ConversationRepository.documentId(key));

  describe('installing', () => {
    it('Petra installs the bot in her personal chat and gets a Swedish welcome card', async () => {
      const at = where.personal(PEOPLE.petra);
      const response = await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at }));
      expect(response.status).toBe(200);
      expect(bot.connector.sent).toHaveLength(1);
      const text = cardText(cardOf(bot.connector.sent[0]!.body));
      expect(text).toContain('Hej! Jag är SHK-boten');
      expect(text).toContain('hjälp');

      const stored = await conversationDoc(TENANT, `chat:a:personal-${PEOPLE.petra.id}`);
      expect(stored).toMatchObject({ active: true, kind: 'personal', serviceUrl, userId: PEOPLE.petra.id, tenantId: TENANT });
    });

    it('Teams announces one install twice (installationUpdate + conversationUpdate): one welcome only', async () => {
      const at = where.channel();
      const results = await Promise.all([
        bot.post(installed({ serviceUrl, from: PEOPLE.christine, at })),
        bot.post(botAddedToConversation({ serviceUrl, from: PEOPLE.christine, at })),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(bot.connector.sent).toHaveLength(1);
      expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('@SHK-boten');
    });

    it('Removing the bot marks the conversation inactive; adding it again welcomes again', async () => {
      const at = where.groupChat();
      await bot.post(installed({ serviceUrl, from: PEOPLE.johan, at }));
      await bot.post(uninstalled({ serviceUrl, from: PEOPLE.johan, at }));
      const key = 'chat:19:group-chat-ct@thread.v2';
      expect(await conversationDoc(TENANT, key)).toMatchObject({ active: false, inactiveReason: 'uninstalled' });

      bot.connector.clear();
      await bot.post(installed({ serviceUrl, from: PEOPLE.johan, at }));
      expect(bot.connector.sent).toHaveLength(1);
      expect(await conversationDoc(TENANT, key)).toMatchObject({ active: true });
    });
  });

  describe('asking for help', () => {
    it('Petra writes "hjälp" in personal chat and gets the help card in Swedish', async () => {
      const response = await bot.post(message('hjälp', { serviceUrl, from: PEOPLE.petra }));
      expect(response.status).toBe(200);
      const card = cardOf(bot.connector.sent[0]!.body);
      expect(cardText(card)).toContain('Det här kan SHK-boten');
      expect(bot.connector.sent[0]!.kind).toBe('reply');
    });

    it('A user whose Teams is in English gets the help card in English in personal chat', async () => {
      await bot.post(message('help', { serviceUrl, from: PEOPLE.anne, at: where.personal(PEOPLE.anne), locale: 'en-US' }));
      expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('What the SHK bot can do');
    });

    it('Christine writes "@SHK-boten hjälp" in the channel: the mention is stripped and the card is Swedish even from an English client', async () => {
      const response = await bot.post(message('hjälp', { serviceUrl, from: PEOPLE.christine, at: where.channel('1700000000001'), mentionBot: true, locale: 'en-US' }));
      expect(response.status).toBe(200);
      const text = cardText(cardOf(bot.connector.sent[0]!.body));
      expect(text).toContain('Det här kan SHK-boten');
      expect(text).toContain('I kanaler och gruppchattar nämner ni mig först');
    });

    it('A message in a channel thread is filed under the channel, not the thread', async () => {
      await bot.post(message('hjälp', { serviceUrl, from: PEOPLE.johan, at: where.channel('1700000000002'), mentionBot: true }));
      const stored = await conversationDoc(TENANT, `channel:${CHANNEL_ID}`);
      expect(stored).toMatchObject({ kind: 'channel', conversationId: CHANNEL_ID, channelId: CHANNEL_ID });
      expect(stored.userId).toBeUndefined();
    });
  });

  describe('text the bot does not understand', () => {
    it('gets a short hint that quotes it, never silence', async () => {
      await bot.post(message('vad tycker du om fika?', { serviceUrl, from: PEOPLE.petra }));
      expect(bot.connector.sent).toHaveLength(1);
      expect(bot.connector.sent[0]!.body.text).toBe('Jag förstod inte ”vad tycker du om fika?”. Skriv **hjälp** så visar jag vad jag kan.');
    });

    it('a bare mention gets a prompt', async () => {
      await bot.post(message('', { serviceUrl, from: PEOPLE.christine, at: where.channel('1700000000003'), mentionBot: true }));
      expect(bot.connector.sent[0]!.body.text).toContain('Skriv **hjälp**');
    });

    it('a huge text is answered with a short hint, not echoed in full', async () => {
      const huge = 'ensamhetspengen '.repeat(20_000);
      const response = await bot.post(message(huge, { serviceUrl, from: PEOPLE.petra }));
      expect(response.status).toBe(200);
      expect(bot.connector.sent[0]!.body.text.length).toBeLessThan(200);
    });

    it('other people mentioned in the text stay in it (they are assignees later)', async () => {
      await bot.post(message('<at>Petra Edoff</at> kolla detta', { serviceUrl, from: PEOPLE.christine, at: where.channel('1700000000004'), mentionBot: true, mentions: [PEOPLE.petra] }));
      expect(bot.connector.sent[0]!.body.text).toContain('<at>Petra Edoff</at> kolla detta');
      expect(bot.connector.sent[0]!.body.text).not.toContain(BOT.name);
    });
  });

  describe('language of a shared conversation', () => {
    it('"@SHK-boten language english" switches the channel to English for everyone, "språk svenska" back', async () => {
      const at = where.channel('1700000000005');
      await bot.post(message('language english', { serviceUrl, from: PEOPLE.anne, at, mentionBot: true }));
      expect(bot.connector.sent[0]!.body.text).toBe('I will write in English in this conversation from now on.');

      bot.connector.clear();
      await bot.post(message('hjälp', { serviceUrl, from: PEOPLE.johan, at, mentionBot: true, locale: 'sv-SE' }));
      expect(cardText(cardOf(bot.connector.sent[0]!.body))).toContain('What the SHK bot can do');

      bot.connector.clear();
      await bot.post(message('språk svenska', { serviceUrl, from: PEOPLE.johan, at, mentionBot: true }));
      expect(bot.connector.sent[0]!.body.text).toBe('Jag skriver på svenska i den här konversationen från och med nu.');
    });

    it('an unknown language gets a clear answer and changes nothing', async () => {
      const at = where.channel('1700000000006');
      await bot.post(message('språk klingonska', { serviceUrl, from: PEOPLE.anne, at, mentionBot: true }));
      expect(bot.connector.sent[0]!.body.text).toContain('Jag kan svenska och engelska');
      const stored = await conversationDoc(TENANT, `channel:${CHANNEL_ID}`);
      expect(stored.locale ?? 'sv').toBe('sv');
    });
  });

  describe('card buttons (Action.Execute)', () => {
    it('"Switch to English" on the help card answers with the English card and updates the posted message', async () => {
      const at = where.channel('1700000000007');
      const response = await bot.post(cardAction('settings.language', { locale: 'en', card: 'help' }, { serviceUrl, from: PEOPLE.marianne, at, replyToId: 'activity-help-1' }));
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
      expect(cardText(response.body.value)).toContain('What the SHK bot can do');
      expect(bot.connector.updates).toHaveLength(1);
      expect(bot.connector.updates[0]!.activityId).toBe('activity-help-1');
      expect(cardText(cardOf(bot.connector.updates[0]!.body))).toContain('What the SHK bot can do');

      await bot.post(cardAction('settings.language', { locale: 'sv', card: 'help' }, { serviceUrl, from: PEOPLE.marianne, at }));
    });

    it('an unknown verb is refused with 400 and a Swedish message; nothing is written', async () => {
      const at = where.channel('1700000000008');
      const before = await conversationDoc(TENANT, `channel:${CHANNEL_ID}`);
      const response = await bot.post(cardAction('actionItem.explode', { id: 'x' }, { serviceUrl, from: PEOPLE.marianne, at }));
      expect(response.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
      expect(response.body.value.message).toContain('Den här knappen känner jag inte igen');
      expect(bot.connector.calls.filter((c) => c.kind !== 'members')).toHaveLength(0);
      expect((await conversationDoc(TENANT, `channel:${CHANNEL_ID}`))._etag).toBe(before._etag);
    });

    it('forged data for a known verb is refused with 400 and changes nothing', async () => {
      const at = where.channel('1700000000009');
      const before = await conversationDoc(TENANT, `channel:${CHANNEL_ID}`);
      const response = await bot.post(cardAction('settings.language', { locale: 'klingon' }, { serviceUrl, from: PEOPLE.marianne, at }));
      expect(response.body).toMatchObject({ statusCode: 400 });
      expect(response.body.value.message).toContain('Det gick inte att genomföra');
      expect((await conversationDoc(TENANT, `channel:${CHANNEL_ID}`))._etag).toBe(before._etag);
    });

    it('an invoke without an action is refused, not crashed on', async () => {
      const activity = cardAction('settings.language', {}, { serviceUrl, from: PEOPLE.marianne });
      activity.value = { nonsense: true };
      const response = await bot.post(activity);
      expect(response.body).toMatchObject({ statusCode: 400 });
    });
  });

  describe('tenants', () => {
    it('the same conversation id in two tenants are two separate records', async () => {
      const at = where.groupChat(OTHER_TENANT);
      await bot.post(message('hjälp', { serviceUrl, from: PEOPLE.johan, at }));
      const key = conversationKey({ kind: 'groupChat', conversationId: '19:group-chat-ct@thread.v2' });
      const other = await conversationDoc(OTHER_TENANT, key);
      const ours = await conversationDoc(TENANT, key);
      expect(other.tenantId).toBe(OTHER_TENANT);
      expect(ours.tenantId).toBe(TENANT);
      expect(other.pk).not.toBe(ours.pk);
    });
  });

  it('GET /healthz answers 200 with the store status', async () => {
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', store: { ok: true, kind: 'sqlite' } });
  });
});
