#!/usr/bin/env node
// `npm run playground` — opens the bot in Microsoft 365 Agents Playground, a local Teams-like client that
// works offline (see notes/playground.md). The mock users, group chat and team come from
// .m365agentsplayground.yml at the repo root.
//
//   npm run playground                      # the bot already runs (npm start in another terminal)
//   npm run playground -- --with-bot        # start the bot too, as a child process
//   npm run playground -- --no-browser      # do not open a browser tab, just print the URL
//
// The bot port is $PORT (default 3978), like the bot itself. The Playground always uses port 56150.
import {
  DEFAULT_BOT_PORT,
  DEFAULT_PLAYGROUND_PORT,
  hasExited,
  isPortFree,
  playgroundConfigPath,
  probe,
  startBot,
  startPlayground,
  stopChild,
  waitForBot,
  waitForPlayground,
} from './lib/local-stack.mjs';
import { existsSync, readFileSync } from 'node:fs';

const USAGE = `Användning / usage: npm run playground -- [--with-bot] [--no-browser]

  --with-bot    Starta boten som barnprocess om den inte redan körs.
                Start the bot as a child process unless it is already running.
  --no-browser  Öppna ingen webbläsare, skriv bara ut adressen.
                Do not open a browser; only print the address.
                (Also the default when there is no DISPLAY/WAYLAND_DISPLAY on Linux.)

Miljö / environment: PORT = the bot's port (default ${DEFAULT_BOT_PORT}).`;

const argv = process.argv.slice(2);
const known = new Set(['--with-bot', '--no-browser', '--help', '-h']);
const unknown = argv.filter((arg) => !known.has(arg));
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
if (unknown.length > 0) {
  console.error(`Okänt argument / unknown argument: ${unknown.join(' ')}\n\n${USAGE}`);
  process.exit(2);
}
const withBot = argv.includes('--with-bot');
const headlessDesktop = ['linux', 'freebsd', 'openbsd'].includes(process.platform) && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const openBrowser = !argv.includes('--no-browser') && !headlessDesktop;

const botPort = Number(process.env.PORT || DEFAULT_BOT_PORT);
if (!Number.isInteger(botPort) || botPort <= 0 || botPort > 65535) {
  console.error(`PORT=${process.env.PORT} är inget portnummer / is not a port number.`);
  process.exit(2);
}
const pgPort = DEFAULT_PLAYGROUND_PORT;
const healthUrl = `http://localhost:${botPort}/healthz`;

function fail(sv, en) {
  console.error(`\n✖ ${sv}\n  ${en}\n`);
  process.exit(1);
}

// 1. The Playground port must be free: otherwise the Playground quietly takes a random port.
if (!(await isPortFree(pgPort))) {
  fail(
    `Port ${pgPort} är upptagen – kör en Agents Playground redan? Stäng den (eller processen på porten) och försök igen.`,
    `Port ${pgPort} is in use — is an Agents Playground already running? Stop it (or whatever holds the port) and retry.`,
  );
}

// 2. The bot must answer (or we start it).
let bot;
let stopping = false;
const health = await probe(healthUrl);
if (health?.ok) {
  console.log(`✔ Boten svarar / the bot answers at ${healthUrl}`);
} else if (health) {
  console.warn(`⚠ ${healthUrl} svarar ${health.status} – boten kör men mår inte bra (se dess logg). / answers ${health.status}: the bot runs but is unhealthy (see its log).`);
} else if (!withBot) {
  fail(
    `Boten svarar inte på ${healthUrl}. Starta boten först med "npm start" i en annan terminal, eller kör "npm run playground -- --with-bot".`,
    `The bot does not answer at ${healthUrl}. Start the bot first with "npm start" in another terminal, or run "npm run playground -- --with-bot".`,
  );
} else {
  if (!(await isPortFree(botPort))) {
    fail(
      `Port ${botPort} är upptagen men svarar inte som boten. Frigör porten eller sätt PORT till en annan port.`,
      `Port ${botPort} is in use but does not answer like the bot. Free it or set PORT to another port.`,
    );
  }
  if (process.env.MicrosoftAppId) {
    console.warn('⚠ MicrosoftAppId är satt: boten kräver då inloggade anrop och avvisar Playground (401). Töm den för lokalt läge.\n' +
      '  MicrosoftAppId is set: the bot then requires authenticated calls and rejects the Playground (401). Unset it for local mode.');
  }
  console.log(`… Startar boten / starting the bot on port ${botPort} (like npm start; its log follows)`);
  bot = startBot({ port: botPort });
  bot.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n✖ Boten avslutades / the bot exited (${signal ?? `code ${code}`}).`);
    shutdown(1);
  });
  try {
    await waitForBot(botPort, { timeoutMs: 60_000, abortIf: () => hasExited(bot) && 'the bot process exited' });
  } catch (error) {
    await stopChild(bot);
    fail(`Boten startade inte: ${error.message}`, `The bot did not start: ${error.message}`);
  }
  console.log(`✔ Boten kör / the bot runs at http://localhost:${botPort}/api/messages`);
}

// 3. The Playground.
if (!existsSync(playgroundConfigPath)) {
  console.warn(`⚠ ${playgroundConfigPath} saknas – Playground använder sina egna testanvändare. / is missing: the Playground uses its built-in mock users.`);
}
let playground;
try {
  playground = startPlayground({ botPort, port: pgPort, openBrowser });
} catch (error) {
  if (bot) await stopChild(bot);
  fail('Kunde inte starta Agents Playground.', error.message);
}
playground.on('exit', (code, signal) => {
  if (stopping) return;
  console.log(`Agents Playground avslutades / exited (${signal ?? `code ${code}`}).`);
  shutdown(code ?? 0);
});

async function shutdown(exitCode) {
  if (stopping) return;
  stopping = true;
  await Promise.all([stopChild(playground), stopChild(bot)]);
  process.exit(exitCode);
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  // Ctrl-C reaches the children through the terminal's process group as well; stopChild is harmless then.
  process.on(signal, () => shutdown(signal === 'SIGINT' ? 130 : 143));
}

try {
  await waitForPlayground(pgPort, { timeoutMs: 30_000, abortIf: () => hasExited(playground) && 'the Playground process exited' });
} catch (error) {
  console.error(`✖ ${error.message}`);
  await shutdown(1);
}

const url = `http://localhost:${pgPort}/`;
const me = existsSync(playgroundConfigPath)
  ? /^currentUser:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*(.+)$/m.exec(readFileSync(playgroundConfigPath, 'utf8'))?.[1]?.trim()
  : undefined;
console.log(`
┌──────────────────────────────────────────────────────────────────────
│ Öppna / open:  ${url}
│ ${openBrowser ? 'Webbläsaren öppnas / a browser tab opens.' : 'Ingen webbläsare öppnas / no browser is opened (--no-browser or no DISPLAY).'}
│ Du är / you are: ${me ?? 'the Playground\'s default user'}. I kanal och gruppchatt: skriv @SHK-boten och välj
│ boten i listan, sedan kommandot (t.ex. "hjälp"). In channels and group chats, type
│ @SHK-boten, pick the bot from the list, then the command.
│ Stoppa / stop: Ctrl-C
└──────────────────────────────────────────────────────────────────────`);
