#!/usr/bin/env node
// The bot in the meeting (#17) in Microsoft 365 Agents Playground, as far as it can simulate a meeting:
//
//   node scripts/playground-meeting.mjs [--out screenshots/meeting-live]
//
// The Playground has no meetings. Its group chat stands in for the meeting chat; Teams' meeting events are sent
// as custom activities (POST /_internal/v1/customActivities: type "event", name
// application/vnd.microsoft.meetingStart|End, value {MeetingType, Title, Id, JoinUrl, StartTime|EndTime},
// channelData.meeting.id). Then "Börja anteckna" is pressed in the UI, a decision is written with a real
// @mention, and the end is sent. The message action "Skapa att-göra" is tried through the Playground's invoke
// API (composeExtension/fetchTask and submitAction). Screenshots: playground-meeting-*.png.
import { runPlaygroundSession } from './lib/playground-session.mjs';

await runPlaygroundSession({
  script: 'playground-meeting.mjs',
  defaultOut: 'screenshots/meeting-live',
  async scenario({ page, cards, base, config, team, general, groupChat, installs, explicitInstall, log, shot, waitForCards, openConversation, ensureInstalled, typeMention }) {
    await openConversation(groupChat.name);
    await ensureInstalled('group chat', groupChat.id);
    await waitForCards(1, 'group chat welcome card');

    /** A raw activity into the group chat, on the Playground's install template (ids, from, recipient, serviceUrl). */
    async function custom(patch) {
      const query = new URLSearchParams({ conversationId: groupChat.id, type: 'install' });
      const template = await (await fetch(`${base}/_internal/v1/customActivities/template?${query}`)).json();
      const activity = { ...template, ...patch, channelData: { ...(template.channelData ?? {}), ...(patch.channelData ?? {}) } };
      delete activity.action;
      const sent = await fetch(`${base}/_internal/v1/customActivities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      log(`custom ${patch.type} ${patch.name ?? ''}: ${sent.status}`);
      return sent;
    }
    const meeting = { id: 'MCMxOTpwbGF5Z3JvdW5kLW1lZXRpbmc=' };
    const now = new Date();
    await custom({
      type: 'event',
      name: 'application/vnd.microsoft.meetingStart',
      channelData: { meeting },
      value: { MeetingType: 'Scheduled', Title: 'Core Team möte', Id: meeting.id, JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x', StartTime: now.toISOString() },
    });
    await waitForCards(2, '"Inför mötet"');
    // Teams resends: the same event again must not post a second card.
    await custom({ type: 'event', name: 'application/vnd.microsoft.meetingStart', channelData: { meeting }, value: { MeetingType: 'Scheduled', Title: 'Core Team möte', Id: meeting.id, JoinUrl: 'x', StartTime: now.toISOString() } });
    await page.waitForTimeout(1500);
    log(`cards after a resent meetingStart: ${await cards.count()} (2 expected)`);
    await shot('playground-meeting-1-brief.png');

    const brief = cards.filter({ hasText: 'Inför mötet' }).last();
    await brief.getByRole('button', { name: 'Börja anteckna', exact: true }).click();
    await waitForCards(3, 'the notes card');
    await shot('playground-meeting-2-notes.png');

    const editor = page.getByRole('textbox').last();
    await typeMention(editor, 'beslut: Vi prioriterar konceptet Trygg hemgång till pilot');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2000);
    await typeMention(editor, 'notera Anne visar nya siffror från MDU nästa gång');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2000);
    await shot('playground-meeting-3-notes-updated.png');

    await custom({ type: 'event', name: 'application/vnd.microsoft.meetingEnd', channelData: { meeting }, value: { MeetingType: 'Scheduled', Title: 'Core Team möte', Id: meeting.id, JoinUrl: 'x', EndTime: new Date().toISOString() } });
    await page.waitForTimeout(2000);
    await shot('playground-meeting-4-ended.png');
    const notes = cards.filter({ hasText: 'Mötesanteckningar' }).last();
    await notes.getByRole('button', { name: 'Granska och spara', exact: true }).click();
    await page.waitForTimeout(2500);
    await shot('playground-meeting-5-form.png');

    // The message action: the Playground's invoke API (the UI offers message extensions too, from its menu).
    const invoke = async (name, value) => {
      const response = await fetch(`${base}/_conversation/v1/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, from: { id: config.currentUser.id }, conversation: { id: groupChat.id }, value }),
      });
      const text = await response.text();
      log(`${name}: HTTP ${response.status} ${text.slice(0, 600)}`);
      return text;
    };
    const messagePayload = { id: '1711440000000', replyToId: null, body: { contentType: 'html', content: '<p>Kan någon ta fram statistiken över hemtjänsten?</p>' }, from: { user: { id: config.currentUser.aadObjectId ?? config.currentUser.id, displayName: config.currentUser.name } }, linkToMessage: 'https://teams.microsoft.com/l/message/x/1711440000000' };
    await invoke('composeExtension/fetchTask', { commandId: 'createTodo', commandContext: 'message', messagePayload });
    await invoke('composeExtension/submitAction', { commandId: 'createTodo', commandContext: 'message', messagePayload, data: { title: 'Ta fram statistiken över hemtjänsten', assignee: config.currentUser.aadObjectId ?? config.currentUser.id, due: '' } });
    await page.waitForTimeout(2000);
    await shot('playground-meeting-6-message-action.png');
  },
});
