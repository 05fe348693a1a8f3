import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/domain/conversations/conversation.js';
import { silentLogger } from '../../src/logger.js';
import { RosterMembership } from '../../src/teams/membership.js';

const channel = { tenantId: 't', key: 'channel:19:a@thread.tacv2', kind: 'channel', conversationId: '19:a@thread.tacv2' } as Conversation;
const CHRISTINE = '00000000-0000-4000-8000-00000000a002';

/** The roster answers from Teams are cached briefly; failures count as "not a member" and are not cached. */
describe('RosterMembership', () => {
  function setup(answer: (userId: string) => Promise<{ id: string; aadObjectId?: string } | undefined>) {
    let now = 0;
    const asked: string[] = [];
    const membership = new RosterMembership({ member: async (_address, userId) => (asked.push(userId), answer(userId)) }, silentLogger(), () => now);
    return { membership, asked, advance: (ms: number) => (now += ms) };
  }

  it('a member is remembered for 10 minutes, then Teams is asked again', async () => {
    const { membership, asked, advance } = setup(async (id) => ({ id: '29:christine', aadObjectId: id }));
    expect(await membership.isMember(channel, CHRISTINE)).toBe(true);
    advance(9 * 60_000);
    expect(await membership.isMember(channel, CHRISTINE)).toBe(true);
    expect(asked).toHaveLength(1);
    advance(2 * 60_000);
    await membership.isMember(channel, CHRISTINE);
    expect(asked).toHaveLength(2);
  });

  it('"not a member" is remembered for a minute only, so someone just added gets in soon', async () => {
    const { membership, asked, advance } = setup(async () => undefined);
    expect(await membership.isMember(channel, CHRISTINE)).toBe(false);
    advance(30_000);
    expect(await membership.isMember(channel, CHRISTINE)).toBe(false);
    advance(31_000);
    await membership.isMember(channel, CHRISTINE);
    expect(asked).toHaveLength(2);
  });

  it('an answer about someone else (another object id) is not membership', async () => {
    const { membership } = setup(async () => ({ id: '29:other', aadObjectId: '00000000-0000-4000-8000-00000000ffff' }));
    expect(await membership.isMember(channel, CHRISTINE)).toBe(false);
  });

  it('when Teams cannot be asked the answer is no, and the next request asks again', async () => {
    let fail = true;
    const { membership, asked } = setup(async (id) => {
      if (fail) throw Object.assign(new Error('Service Unavailable'), { statusCode: 503 });
      return { id: '29:christine', aadObjectId: id };
    });
    expect(await membership.isMember(channel, CHRISTINE)).toBe(false);
    fail = false;
    expect(await membership.isMember(channel, CHRISTINE)).toBe(true);
    expect(asked).toHaveLength(2);
  });
});
