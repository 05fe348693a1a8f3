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
import { mkdir, mkdtemp, rm, open as openFile, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_BOT_PORT,
  DEFAULT_PLAYGROUND_PORT,
  freePort,
  hasExited,
  repoRoot,
  startBot,
  startPlayground,
  stopChild,
  waitForBot,
  waitForPlayground,
} from './lib/local-stack.mjs';

const TOTAL_BUDGET_MS = 115_000; // hard stop for the whole run
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MAX_SHOT_HEIGHT = 4000; // px; taller conversations are cut at the top
const firstExisting = (paths) => paths.find((candidate) => existsSync(candidate));

const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const outDir = path.resolve(repoRoot, outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : 'screenshots');
const keepTemp = argv.includes('--keep-temp');
// --explicit-install: block the UI's own install-on-first-open and send every install through
// POST /_internal/v1/customActivities instead (checks that path; the pictures are the same).
const explicitInstall = argv.includes('--explicit-install');
if (argv.includes('--help') || argv.includes('-h')) {
  console.log('usage: node scripts/screenshot-playground.mjs [--out <dir, default screenshots>] [--keep-temp] [--explicit-install]');
  process.exit(0);
}

const started = Date.now();
const log = (message) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);

let tempDir;
let bot;
let playground;
let browser;
let cleaningUp;
async function cleanup() {
  cleaningUp ??= (async () => {
    await browser?.close().catch(() => {});
    await Promise.all([stopChild(playground, { group: true }), stopChild(bot, { group: true })]);
    if (tempDir && !keepTemp) await rm(tempDir, { recursive: true, force: true }).catch(() => {});
  })();
  return cleaningUp;
}
async function abort(message, exitCode = 1) {
  console.error(`\n✖ ${message}`);
  for (const [name, file] of [['bot', 'bot.log'], ['playground', 'playground.log']]) {
    if (!tempDir) break;
    const text = await readFile(path.join(tempDir, file), 'utf8').catch(() => '');
    if (text.trim()) console.error(`--- last lines of the ${name} log ---\n${text.trim().split('\n').slice(-15).join('\n')}`);
  }
  await cleanup();
  process.exit(exitCode);
}
const watchdog = setTimeout(() => void abort(`gave up after ${TOTAL_BUDGET_MS / 1000} s`), TOTAL_BUDGET_MS);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void abort(`interrupted (${signal})`, 130));

try {
  await main();
  clearTimeout(watchdog);
  await cleanup();
  log('done');
  process.exit(0);
} catch (error) {
  clearTimeout(watchdog);
  await abort(error?.stack ?? String(error));
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');

  await mkdir(outDir, { recursive: true });
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'shk-playground-shots-'));
  const botLog = await openFile(path.join(tempDir, 'bot.log'), 'w');
  const pgLog = await openFile(path.join(tempDir, 'playground.log'), 'w');

  // --- 1. the bot, with an empty store so every conversation gets its first-install welcome card
  const botPort = await freePort(DEFAULT_BOT_PORT);
  log(`starting the bot on port ${botPort} (DATA_DIR ${path.join(tempDir, 'data')})`);
  bot = startBot({
    port: botPort,
    // Local mode with the embedded SQLite store, whatever the calling shell has set.
    env: {
      DATA_DIR: path.join(tempDir, 'data'),
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
      MicrosoftAppType: '',
      COSMOS_ENDPOINT: '',
      COSMOS_KEY: '',
      PUBLIC_BASE_URL: '',
    },
    stdio: ['ignore', botLog.fd, botLog.fd],
    detached: true,
  });
  await waitForBot(botPort, { timeoutMs: 45_000, abortIf: () => hasExited(bot) && 'the bot process exited' });

  // --- 2. the Playground, headless
  const pgPort = await freePort(DEFAULT_PLAYGROUND_PORT);
  log(`starting Agents Playground on port ${pgPort}`);
  playground = startPlayground({
    botPort,
    port: pgPort,
    openBrowser: false,
    env: { M365_AGENTS_PLAYGROUND_LOGFILE: path.join(tempDir, 'playground-internal.log') },
    stdio: ['ignore', pgLog.fd, pgLog.fd],
    detached: true,
  });
  await waitForPlayground(pgPort, { timeoutMs: 30_000, abortIf: () => hasExited(playground) && 'the Playground process exited' });
  const base = `http://localhost:${pgPort}`;
  const configResponse = await fetch(`${base}/_internal/v1/config`, { signal: AbortSignal.timeout(20_000) });
  if (!configResponse.ok) throw new Error(`GET /_internal/v1/config answered ${configResponse.status}`);
  const { config } = await configResponse.json();
  const team = config.teams[0];
  const general = team.channels.find((channel) => channel.id === team.id);
  const groupChat = config.groupChats[0];
  const botName = config.bot.name;
  log(`mock tenant: you are ${config.currentUser.name}; bot "${botName}"; team "${team.name}"; group chat "${groupChat.name}"`);

  // --- 3. the web UI
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  context.setDefaultTimeout(15_000);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || ['data:', 'blob:'].includes(url.protocol);
    return local ? route.continue() : route.abort(); // e.g. Segoe UI from the Office CDN: no internet here
  });
  // The UI asks the Office CDN for its Segoe UI web fonts; answer those requests with a local Arial-metric
  // font instead of failing them. The default fallback (DejaVu Sans) is taller, and the Playground's tight
  // line boxes then clip the dots of "Ä" in "Core Team Äldre" in the channel list.
  const localFonts = {
    regular: firstExisting(['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf']),
    bold: firstExisting(['/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf']),
  };
  await context.route(/\/segoeui-[a-z]+\/segoeui-(light|semilight|regular|semibold|bold)\.woff2?$/, async (route, request) => {
    const weight = /segoeui-(semibold|bold)\./.test(request.url()) ? 'bold' : 'regular';
    if (!localFonts[weight]) return route.abort();
    return route.fulfill({ status: 200, contentType: 'font/ttf', body: await readFile(localFonts[weight]) });
  });
  // Even so, the channel list's subtitle box (12 px text in a 13.8 px line, overflow hidden) clips the dots
  // of "Ä"; let those few labels overflow. Cosmetic, screenshots only.
  await context.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = '[role="treeitem"] div { overflow: visible !important; }';
      document.head.append(style);
    });
  });
  if (explicitInstall) {
    await context.route(/\/_debug\/conversation\/[^/]+\/installation$/, (route) => route.fulfill({ status: 200, body: '' }));
  }
  const page = await context.newPage();
  const installs = [];
  page.on('request', (request) => {
    const match = /\/_debug\/conversation\/([^/]+)\/installation$/.exec(new URL(request.url()).pathname);
    if (match && request.method() === 'POST') installs.push(decodeURIComponent(match[1]));
  });
  page.on('pageerror', (error) => log(`page error: ${error.message}`));

  const cards = page.locator('.ac-adaptiveCard');
  /** Waits until at least `count` Adaptive Cards are rendered in the open conversation, then lets layout settle. */
  async function waitForCards(count, what, timeoutMs = 15_000) {
    await cards.nth(count - 1).waitFor({ state: 'visible', timeout: timeoutMs }).catch(() => {
      throw new Error(`${what}: expected ${count} card(s), saw fewer within ${timeoutMs / 1000} s`);
    });
    await page.waitForTimeout(600);
  }
  /** Cards present within `timeoutMs`, without failing. */
  async function cardsAppear(count, timeoutMs) {
    return cards.nth(count - 1).waitFor({ state: 'visible', timeout: timeoutMs }).then(() => true, () => false);
  }
  /**
   * Screenshot of the whole open conversation: the window is made as tall as the conversation's scrolling
   * list (so long cards are not cut off), then put back.
   */
  async function shot(name) {
    const base = page.viewportSize();
    for (let attempt = 0; attempt < 3; attempt++) {
      const hidden = await page.evaluate(() => {
        const cardsNow = document.querySelectorAll('.ac-adaptiveCard');
        let element = cardsNow[cardsNow.length - 1]?.parentElement;
        while (element && element !== document.body) {
          const { overflowY } = getComputedStyle(element);
          if (/(auto|scroll)/.test(overflowY) && element.scrollHeight > element.clientHeight + 1) {
            return element.scrollHeight - element.clientHeight;
          }
          element = element.parentElement;
        }
        return 0;
      });
      if (hidden <= 0) break;
      const current = page.viewportSize();
      await page.setViewportSize({ width: current.width, height: Math.min(current.height + hidden, MAX_SHOT_HEIGHT) });
      await page.waitForTimeout(400);
      if (current.height + hidden >= MAX_SHOT_HEIGHT) break;
    }
    const file = path.join(outDir, name);
    await page.screenshot({ path: file });
    log(`saved ${path.relative(repoRoot, file)} (${page.viewportSize().height} px tall)`);
    await page.setViewportSize(base);
    await page.waitForTimeout(200);
  }
  /** Opens a conversation from the left rail (its tree item is labelled like the Playground shows it). */
  async function openConversation(label) {
    await page.getByRole('treeitem', { name: label, exact: true }).click();
    await page.waitForTimeout(300);
  }
  /**
   * Makes sure the bot got an install for the open conversation. The UI itself sends installationUpdate (add)
   * when a conversation is first opened; if no welcome card shows up, send one through the Playground's
   * custom-activity API (what "Mock an Activity → Install application" does), while the conversation is open
   * — the UI only shows bot messages that arrive while it is connected.
   */
  async function ensureInstalled(what, conversationId) {
    if (await cardsAppear(1, explicitInstall ? 1_000 : 8_000)) return;
    log(`${what}: no welcome card yet — POST /_internal/v1/customActivities (installationUpdate add)`);
    const query = new URLSearchParams({ conversationId, type: 'install' });
    const template = await fetch(`${base}/_internal/v1/customActivities/template?${query}`, { signal: AbortSignal.timeout(10_000) });
    if (!template.ok) throw new Error(`${what}: install template answered ${template.status}`);
    const sent = await fetch(`${base}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await template.json()),
      signal: AbortSignal.timeout(10_000),
    });
    if (!sent.ok) throw new Error(`${what}: custom activity answered ${sent.status}`);
    await waitForCards(1, `${what} welcome card`);
  }
  /** Types "@<bot>", picks the bot from the mention typeahead (a real mention entity), then the command. */
  async function typeMention(editor, command) {
    await editor.click();
    await page.keyboard.type(`@${botName.slice(0, 3)}`);
    const option = page.locator('#typeahead-menu').getByText(botName, { exact: true });
    await option.waitFor({ state: 'visible', timeout: 5_000 });
    await option.click();
    await page.keyboard.type(` ${command}`);
  }

  log('opening the Playground UI (personal chat is selected first)');
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: 30_000 });

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
}
