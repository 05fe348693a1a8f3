#!/usr/bin/env node
// Screenshots of the bot in Microsoft 365 Agents Playground (the local Teams-like client), as evidence that
// the cards look right in personal chat, a team channel and a group chat.
//
//   node scripts/screenshot-playground.mjs [--out screenshots] [--keep-temp] [--explicit-install]
//
// What it does, all on localhost and in under two minutes:
//   1. starts the bot with a fresh temporary DATA_DIR (port 3978, or a free port when 3978 is taken);
//   2. starts the Playground headless with .m365agentsplayground.yml (port 56150, or a free one);
//   3. drives the Playground's web UI in headless Chromium (/usr/bin/chromium via playwright-core; every
//      non-localhost request is aborted) and saves PNGs:
//        playground-1-personal-welcome-en.png   personal chat right after install (welcome card; en-US)
//        playground-2-personal-help-en.png      personal chat after "hjälp" (help card in English)
//        playground-3-channel-welcome-sv.png    team channel General ("Allmänt") after install (Swedish)
//        playground-4-channel-help-sv.png       the same after a post "@SHK-boten hjälp" with a real mention
//        playground-5-groupchat-welcome-sv.png  group chat after install (Swedish)
//        playground-6-groupchat-help-sv.png     group chat after "@SHK-boten hjälp"
//   4. stops Chromium, the Playground and the bot, and removes the temp dir.
//
// Install: the Playground sends installationUpdate (add) the first time a conversation is opened in its UI;
// if no welcome card shows up, the script sends one itself through POST /_internal/v1/customActivities
// (the same installationUpdate "Mock an Activity → Install application" sends).
// With --explicit-install the UI's own install is suppressed and the API path is always used.
// Locale: the Playground hard-codes locale "en-US" on every activity, so the personal chat is in English;
// channel and group chat are in Swedish (the bot's default for shared conversations).
import { runPlaygroundSession } from './lib/playground-session.mjs';

await runPlaygroundSession({
  script: 'screenshot-playground.mjs',
  defaultOut: 'screenshots',
  async scenario({ page, cards, base, config, team, general, groupChat, installs, explicitInstall, log, shot, waitForCards, openConversation, ensureInstalled, typeMention }) {

    // (a) personal chat: welcome (install on first open), then "hjälp"
    await openConversation('Personal Chat');
    await ensureInstalled('personal chat', config.personalChat.id);
    await waitForCards(1, 'personal chat welcome card');
    await shot('playground-1-personal-welcome-en.png');
    const personalEditor = page.getByRole('textbox').last();
    await personalEditor.click();
    await page.keyboard.type('hjälp');
    await page.keyboard.press('Enter');
    await waitForCards(2, 'personal chat help card');
    await shot('playground-2-personal-help-en.png');

    // (b) team channel General: welcome post, then a new post "@SHK-boten hjälp"
    await openConversation(`${team.name} - ${general.name}`);
    await ensureInstalled('channel', general.id);
    await waitForCards(1, 'channel welcome card');
    await shot('playground-3-channel-welcome-sv.png');
    const newPostEditor = page.getByRole('textbox').first(); // "Start a new post" (replies have their own box)
    await typeMention(newPostEditor, 'hjälp');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await waitForCards(2, 'channel help card');
    await shot('playground-4-channel-help-sv.png');

    // (c) group chat: welcome, then "@SHK-boten hjälp"
    await openConversation(groupChat.name);
    await ensureInstalled('group chat', groupChat.id);
    await waitForCards(1, 'group chat welcome card');
    await shot('playground-5-groupchat-welcome-sv.png');
    await typeMention(page.getByRole('textbox').last(), 'hjälp');
    await page.keyboard.press('Enter');
    await waitForCards(2, 'group chat help card');
    await shot('playground-6-groupchat-help-sv.png');

    /** The rendered card that contains `text` (channels list newest posts first, so position is no guide). */
    const cardWith = (text) => page.locator('.ac-adaptiveCard', { hasText: text }).first();
    async function postInChannel(command) {
      await openConversation(`${team.name} - ${general.name}`);
      await typeMention(page.getByRole('textbox').first(), command);
      await page.getByRole('button', { name: 'Post', exact: true }).click();
    }

    // (d) channel: "@SHK-boten att-göra …" → the item card; "Klar" on it turns the card into the done state in place
    await postInChannel('att-göra skicka mail om ensamhetspengen och samla intresserade senast fredag');
    await cardWith('Skicka mail om ensamhetspengen').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-7-channel-todo-sv.png');
    await cardWith('Skicka mail om ensamhetspengen').getByRole('button', { name: 'Klar', exact: true }).click();
    await cardWith('Markerad som klar.').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-8-channel-todo-done-sv.png');

    // (e) personal chat: "mina uppgifter" / "my tasks" (English: the Playground sends en-US)
    await postInChannel('att-göra boka lokal för Öppen verkstad senast 15 mars');
    await cardWith('Boka lokal för Öppen verkstad').waitFor({ state: 'visible', timeout: 15_000 });
    await openConversation('Personal Chat');
    await page.getByRole('textbox').last().click();
    await page.keyboard.type('mina uppgifter');
    await page.keyboard.press('Enter');
    await cardWith('My open tasks').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-9-personal-my-tasks-en.png');

    // (f) channel: an evaluation round for a name no initiative has yet: the bot asks first (a new initiative, with
    // focus area and phase); then the shared round card. The Playground has no per-person refresh ("not supported"),
    // so "Visa min vy" on the shared card gives Petra her own view, and "Bedöm" there opens the score form.
    await postInChannel('bedöm Måltider och möten senast fredag');
    await cardWith('Det finns inget initiativ som heter').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-10-channel-round-choice-sv.png');
    await cardWith('Det finns inget initiativ som heter').getByRole('button', { name: 'Lägg upp och starta rundan', exact: true }).click();
    await cardWith('Visa min vy').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-10-channel-round-sv.png');
    await cardWith('Visa min vy').getByRole('button', { name: 'Visa min vy', exact: true }).click();
    await cardWith('Bedömning: Måltider och möten').getByRole('button', { name: 'Bedöm', exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    await cardWith('Bedömning: Måltider och möten').getByRole('button', { name: 'Bedöm', exact: true }).click();
    await cardWith('Din bedömning av Måltider och möten').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(600);
    await shot('playground-11-channel-score-form-sv.png');

    const uiInstalls = [...new Set(installs)].join(', ') || '(none)';
    log(explicitInstall
      ? `installs sent through /_internal/v1/customActivities (the UI's own, blocked: ${uiInstalls})`
      : `installationUpdate sent by the Playground UI on first open of: ${uiInstalls}`);
  },
});
