// One Agents Playground session for the screenshot scripts (screenshot-playground.mjs, playground-meeting.mjs):
// the bot on a fresh temporary DATA_DIR in local mode, the Playground headless with .m365agentsplayground.yml, its
// web UI in headless Chromium (every non-localhost request aborted), the helpers a scenario drives the UI with,
// and a clean stop (also on the time budget or Ctrl-C).
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
} from './local-stack.mjs';

const TOTAL_BUDGET_MS = 115_000; // hard stop for the whole run
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const MAX_SHOT_HEIGHT = 4000; // px; taller conversations are cut at the top
const firstExisting = (paths) => paths.find((candidate) => existsSync(candidate));

const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const keepTemp = argv.includes('--keep-temp');
// --explicit-install: block the UI's own install-on-first-open and send every install through
// POST /_internal/v1/customActivities instead (checks that path; the pictures are the same).
const explicitInstall = argv.includes('--explicit-install');

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
/**
 * Runs one Playground session: the bot (empty temporary store, local mode), the Playground headless and its web
 * UI in headless Chromium; then `scenario` with the page and the helpers below; then stops everything.
 * `script` names the caller in the usage line; screenshots go to `defaultOut` unless `--out` says otherwise.
 */
export async function runPlaygroundSession({ script, defaultOut, scenario }) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`usage: node scripts/${script} [--out <dir, default ${defaultOut}>] [--keep-temp] [--explicit-install]`);
    process.exit(0);
  }
  const outDir = path.resolve(repoRoot, outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1] : defaultOut);
  const watchdog = setTimeout(() => void abort(`gave up after ${TOTAL_BUDGET_MS / 1000} s`), TOTAL_BUDGET_MS);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void abort(`interrupted (${signal})`, 130));
  try {
    await session(outDir, scenario);
    clearTimeout(watchdog);
    await cleanup();
    log('done');
    process.exit(0);
  } catch (error) {
    clearTimeout(watchdog);
    await abort(error?.stack ?? String(error));
  }
}

async function session(outDir, scenario) {
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

  log('opening the Playground UI');
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  await scenario({ page, cards, base, config, team, general, groupChat, botName, installs, explicitInstall, log, shot, waitForCards, cardsAppear, openConversation, ensureInstalled, typeMention });
}
