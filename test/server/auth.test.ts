import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, PEOPLE } from '../helpers/activities.js';
import { startTestBot, type TestBot } from '../helpers/test-app.js';

describe('With a Microsoft app id configured (production mode)', () => {
  let bot: TestBot;

  beforeAll(async () => {
    bot = await startTestBot({
      env: { MicrosoftAppId: '6a4b1c2d-0000-4000-8000-00000000b0b0', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' },
    });
  });
  afterAll(() => bot.stop());

  it('an activity without a Bot Framework token gets 401 and is not processed', async () => {
    const response = await bot.post(message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra }));
    expect(response.status).toBe(401);
    expect(bot.connector.calls).toHaveLength(0);
    expect(await bot.app.store.container('conversations').queryAcross('')).toHaveLength(0);
  });

  it('a malformed bearer token gets 401 as well', async () => {
    const response = await bot.post(message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra }), { authorization: 'Bearer not.a.jwt' });
    expect(response.status).toBe(401);
    expect(bot.connector.calls).toHaveLength(0);
  });
});
