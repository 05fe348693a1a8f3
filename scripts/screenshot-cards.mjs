#!/usr/bin/env node
// Renders expanded Adaptive Card JSON files with the official `adaptivecards` renderer in headless Chromium,
// using a Teams-like HostConfig, and saves one PNG per card per theme.
//
//   node scripts/screenshot-cards.mjs [input-dir] [--out <dir>] [--themes light,dark] [--width 500]
//                                     [--full-width 760] [--scale 2] [--narrow 320] [--narrow-themes light]
//
//   input-dir  directory of already-expanded cards, one AdaptiveCard per *.json file
//              (default screenshots/cards-json/). A Bot Framework attachment
//              ({contentType, content}) or an activity with attachments is unwrapped too.
//   --out      where PNGs go (default screenshots/cards/): <name>-light.png, <name>-dark.png
//   --width    card width in CSS px for normal cards (default 500, about a Teams chat bubble);
//   --full-width  width for cards with "msteams": {"width": "Full"} (default 760)
//   --scale    device pixel ratio (default 2, crisp text)
//   --narrow   a second pass with every card (Full-width ones too) at this width, as on a phone; <name>-<theme>-<px>.png
//              (default 320; 0 = no narrow pass). Text cut off or spilling out of the card is reported.
//   --narrow-themes  themes of the narrow pass (default light)
//
// Fonts: Teams uses Segoe UI, which is not installed here; the HostConfig falls back to Liberation Sans /
// Arial / DejaVu Sans. Markdown follows what Teams supports in TextBlocks (bold, italic, links, lists), with
// text HTML-escaped first. Every non-local request is aborted (no internet; images on other hosts show as
// broken and are reported). Problems (parse/validation warnings, leftover ${...}, broken images, text that
// looks like an HTML tag) are printed; the exit code is 1 when a file could not be rendered at all.
import { readdir, readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const RENDERER = path.join(repoRoot, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js');
const TOTAL_BUDGET_MS = 300_000;

// ---------- arguments
const argv = process.argv.slice(2);
const options = { out: 'screenshots/cards', themes: 'light,dark', width: '500', 'full-width': '760', scale: '2', narrow: '320', 'narrow-themes': 'light' };
const positional = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--help' || arg === '-h') {
    const source = await readFile(fileURLToPath(import.meta.url), 'utf8');
    console.log(source.split('\n').slice(1, 26).map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
    process.exit(0);
  }
  if (arg.startsWith('--')) {
    const [key, inline] = arg.slice(2).split('=', 2);
    if (!(key in options)) {
      console.error(`unknown option ${arg} (see --help)`);
      process.exit(2);
    }
    options[key] = inline ?? argv[++i];
  } else positional.push(arg);
}
const inputDir = path.resolve(repoRoot, positional[0] ?? 'screenshots/cards-json');
const outDir = path.resolve(repoRoot, options.out);
const themes = options.themes.split(',').map((t) => t.trim()).filter(Boolean);
for (const theme of themes) {
  if (!['light', 'dark'].includes(theme)) {
    console.error(`unknown theme "${theme}" (light, dark)`);
    process.exit(2);
  }
}
const widths = { normal: Number(options.width), full: Number(options['full-width']) };
const narrow = Number(options.narrow);
const narrowThemes = options['narrow-themes'].split(',').map((t) => t.trim()).filter((t) => themes.includes(t) || ['light', 'dark'].includes(t));
const scale = Number(options.scale);

// ---------- Teams-like look (values picked to resemble the Teams desktop client; not an official config)
const palettes = {
  light: {
    page: '#f5f5f5', // chat background
    card: '#ffffff',
    cardBorder: '#e0e0e0',
    emphasis: '#f5f5f5',
    text: '#242424', subtle: '#616161',
    accent: '#5b5fc7', accentSubtle: '#7f85f5',
    good: '#0e700e', warning: '#835b00', attention: '#c4314b',
    light: '#ffffff', dark: '#242424',
    separator: '#e0e0e0',
    button: { bg: '#ffffff', fg: '#242424', border: '#d1d1d1', hover: '#f5f5f5', positiveBg: '#5b5fc7', positiveFg: '#ffffff', destructiveFg: '#c4314b' },
    input: { bg: '#ffffff', fg: '#242424', border: '#d1d1d1', underline: '#616161', placeholder: '#707070' },
  },
  dark: {
    page: '#1f1f1f',
    card: '#292929',
    cardBorder: '#3d3d3d',
    emphasis: '#1f1f1f',
    text: '#ffffff', subtle: '#adadad',
    accent: '#7f85f5', accentSubtle: '#9299f7',
    good: '#54b054', warning: '#f2c661', attention: '#f9526b',
    light: '#ffffff', dark: '#242424',
    separator: '#3d3d3d',
    button: { bg: '#292929', fg: '#ffffff', border: '#666666', hover: '#3d3d3d', positiveBg: '#7f85f5', positiveFg: '#1f1f1f', destructiveFg: '#f9526b' },
    input: { bg: '#1f1f1f', fg: '#ffffff', border: '#666666', underline: '#adadad', placeholder: '#adadad' },
  },
};
const FONT_STACK = "'Segoe UI', 'Segoe UI Web (West European)', 'Liberation Sans', Arial, 'DejaVu Sans', sans-serif";

function hostConfig(p) {
  const colors = (subtleAlpha = 'bf') => ({
    default: { default: p.text, subtle: p.subtle },
    dark: { default: p.dark, subtle: `#${subtleAlpha}${p.dark.slice(1)}` },
    light: { default: p.light, subtle: `#${subtleAlpha}${p.light.slice(1)}` },
    accent: { default: p.accent, subtle: p.accentSubtle },
    good: { default: p.good, subtle: `#${subtleAlpha}${p.good.slice(1)}` },
    warning: { default: p.warning, subtle: `#${subtleAlpha}${p.warning.slice(1)}` },
    attention: { default: p.attention, subtle: `#${subtleAlpha}${p.attention.slice(1)}` },
  });
  return {
    hostCapabilities: {},
    supportsInteractivity: true,
    choiceSetInputValueSeparator: ',',
    fontFamily: FONT_STACK,
    fontTypes: {
      default: { fontFamily: FONT_STACK, fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 300, default: 400, bolder: 600 } },
      monospace: { fontFamily: "Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 300, default: 400, bolder: 600 } },
    },
    spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: p.separator },
    imageSizes: { small: 32, medium: 52, large: 100 },
    containerStyles: {
      default: { backgroundColor: p.card, foregroundColors: colors() },
      emphasis: { backgroundColor: p.emphasis, foregroundColors: colors() },
      accent: { backgroundColor: p === palettes.dark ? '#2f2f4a' : '#e8ebfa', foregroundColors: colors() },
      good: { backgroundColor: p === palettes.dark ? '#203620' : '#f1faf1', foregroundColors: colors() },
      warning: { backgroundColor: p === palettes.dark ? '#463100' : '#fff9f5', foregroundColors: colors() },
      attention: { backgroundColor: p === palettes.dark ? '#3e1f25' : '#fdf3f4', foregroundColors: colors() },
    },
    actions: {
      maxActions: 6,
      spacing: 'default',
      buttonSpacing: 8,
      showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
      actionsOrientation: 'horizontal',
      actionAlignment: 'left',
      iconPlacement: 'leftOfTitle',
      iconSize: 16,
    },
    adaptiveCard: { allowCustomStyle: true },
    imageSet: { imageSize: 'medium', maxImageHeight: 100 },
    factSet: {
      title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
      value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
      spacing: 12,
    },
    textStyles: {
      heading: { size: 'large', weight: 'bolder', color: 'default', isSubtle: false, fontType: 'default' },
      columnHeader: { size: 'default', weight: 'bolder', color: 'default', fontType: 'default' },
    },
    inputs: { label: { inputSpacing: 'small', requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' }, optionalInputs: { weight: 'default' } }, errorMessage: { size: 'small', color: 'attention' } },
    media: { allowInlinePlayback: false },
  };
}

function pageCss(p) {
  const b = p.button;
  const i = p.input;
  return `
    html, body { margin: 0; background: ${p.page}; font-family: ${FONT_STACK}; color: ${p.text}; }
    #frame { display: inline-block; padding: 16px; background: ${p.page}; }
    #bubble { background: ${p.card}; border: 1px solid ${p.cardBorder}; border-radius: 6px; overflow: hidden;
              box-shadow: 0 1px 2px rgba(0,0,0,${p === palettes.dark ? '0.4' : '0.12'}); }
    .ac-textBlock a, .ac-richTextBlock a { color: ${p.accent}; text-decoration: none; }
    .ac-textBlock p { margin: 0; }
    /* Teams breaks a word that does not fit its column anywhere ("Samhällskontrakte|t"); show it as Teams does. */
    .ac-textBlock, .ac-richTextBlock { overflow-wrap: break-word; }
    .ac-textBlock ul, .ac-textBlock ol { margin: 0; padding-left: 22px; box-sizing: border-box; max-width: 100%; }
    .ac-pushButton { font-family: ${FONT_STACK}; font-size: 14px; font-weight: 600; line-height: 20px;
      min-height: 32px; padding: 5px 12px; border-radius: 4px; cursor: pointer; overflow: hidden;
      text-overflow: ellipsis; white-space: nowrap; display: flex; align-items: center; justify-content: center;
      background: ${b.bg}; color: ${b.fg}; border: 1px solid ${b.border}; }
    .ac-pushButton.style-positive { background: ${b.positiveBg}; color: ${b.positiveFg}; border-color: ${b.positiveBg}; }
    .ac-pushButton.style-destructive { color: ${b.destructiveFg}; }
    .ac-pushButton.expanded { background: ${b.hover}; }
    .ac-input { font-family: ${FONT_STACK}; font-size: 14px; color: ${i.fg}; }
    .ac-input input, .ac-input select, .ac-input textarea, input.ac-input, select.ac-input, textarea.ac-input,
    .ac-textInput, .ac-numberInput, .ac-dateInput, .ac-timeInput, .ac-multichoiceInput {
      font-family: ${FONT_STACK}; font-size: 14px; color: ${i.fg}; background: ${i.bg};
      border: 1px solid ${i.border}; border-bottom-color: ${i.underline}; border-radius: 4px; padding: 5px 8px;
      min-height: 32px; box-sizing: border-box; color-scheme: ${p === palettes.dark ? 'dark' : 'light'}; }
    .ac-textInput.ac-multiline { min-height: 64px; }
    ::placeholder { color: ${i.placeholder}; }
    .ac-input-container label, .ac-choiceSetInput-expanded label { color: ${i.fg}; }
    .ac-toggleInput input, .ac-choiceSetInput-expanded input { accent-color: ${p.accent}; }
  `;
}

// ---------- markdown: the subset Teams renders in TextBlocks, applied to HTML-escaped text
function markdownToHtml(text) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const inline = (s) =>
    escape(s)
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => `<a href="${href}">${label}</a>`)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/__(.+?)__/g, '<strong>$1</strong>')
      .replace(/(^|[^*\w])\*(?!\s)(.+?)\*(?!\w)/g, '$1<em>$2</em>')
      .replace(/(^|[^_\w])_(?!\s)(.+?)_(?!\w)/g, '$1<em>$2</em>');
  const lines = text.split(/\r?\n/);
  const out = [];
  let list;
  for (const line of lines) {
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : undefined;
    if (list && kind !== list) {
      out.push(`</${list}>`);
      list = undefined;
    }
    if (kind) {
      if (!list) out.push(`<${kind}>`);
      list = kind;
      out.push(`<li>${inline((bullet ?? numbered)[1])}</li>`);
    } else {
      out.push(`${inline(line)}<br>`);
    }
  }
  if (list) out.push(`</${list}>`);
  return out.join('').replace(/(<br>)+$/, '');
}

// ---------- input files
function unwrapCard(json) {
  if (json?.type === 'AdaptiveCard') return json;
  if (json?.contentType === 'application/vnd.microsoft.card.adaptive' && json.content) return json.content;
  const attachment = json?.attachments?.find?.((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (attachment) return attachment.content;
  return undefined;
}

/** Static checks a renderer will not flag. */
function lint(card) {
  const problems = [];
  const raw = JSON.stringify(card);
  if (raw.includes('${')) problems.push('contains an unexpanded "${" template expression');
  const size = Buffer.byteLength(raw, 'utf8');
  if (size > 28 * 1024) problems.push(`is ${(size / 1024).toFixed(1)} KB (Teams limit about 28 KB)`);
  if (card.version && Number(card.version) > 1.5) problems.push(`declares version ${card.version}; Teams renders up to 1.5`);
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const key of ['text', 'title', 'placeholder', 'label', 'value']) {
      const value = node[key];
      if (typeof value === 'string') {
        const tag = /<\/?([A-Za-z][\w-]*)(\s[^>]*)?>/.exec(value);
        if (tag && !/^at$/i.test(tag[1])) {
          problems.push(`${node.type ?? 'element'} ${key} "${value.length > 60 ? `${value.slice(0, 57)}…` : value}" contains ${tag[0]}: hosts that render markdown as HTML (the Agents Playground does) hide it`);
        }
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(card.body);
  visit(card.actions);
  return problems;
}

// ---------- main
const started = Date.now();
const watchdog = setTimeout(() => {
  console.error(`✖ gave up after ${TOTAL_BUDGET_MS / 1000} s`);
  process.exit(1);
}, TOTAL_BUDGET_MS);
watchdog.unref();

if (!existsSync(inputDir)) {
  console.error(`✖ ${path.relative(process.cwd(), inputDir) || inputDir} does not exist. Put expanded card JSON files there (one AdaptiveCard per file) or pass a directory.`);
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.error(`✖ ${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(1);
}
const files = (await readdir(inputDir)).filter((f) => f.endsWith('.json')).sort();
if (files.length === 0) {
  console.error(`✖ no *.json files in ${inputDir}`);
  process.exit(1);
}
await mkdir(outDir, { recursive: true });

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  timeout: 30_000,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--font-render-hinting=none', '--lang=sv-SE'],
});
let failures = 0;
let warnings = 0;
try {
  const cards = [];
  /** Teams shows a mention whose text is in msteams.entities as the highlighted name; the plain renderer does not. */
  function showMentionsAsTeamsDoes(card) {
    const mentions = (card.msteams?.entities ?? []).filter((e) => e.type === 'mention').map((e) => e.text);
    if (mentions.length === 0) return card;
    let json = JSON.stringify(card);
    for (const text of mentions) json = json.split(JSON.stringify(text).slice(1, -1)).join(`**${text.replace(/<\/?at>/g, '')}**`);
    return JSON.parse(json);
  }

  for (const file of files) {
    const name = file.replace(/\.json$/, '');
    let card;
    try {
      card = unwrapCard(JSON.parse(await readFile(path.join(inputDir, file), 'utf8')));
      if (!card) throw new Error('not an AdaptiveCard (type must be "AdaptiveCard", or an attachment/activity holding one)');
    } catch (error) {
      console.error(`✖ ${file}: ${error.message}`);
      failures++;
      continue;
    }
    for (const problem of lint(card)) {
      console.warn(`⚠ ${file}: ${problem}`);
      warnings++;
    }
    cards.push({ name, file, card: showMentionsAsTeamsDoes(card) });
  }

  const passes = [...themes.map((theme) => ({ theme, width: undefined })), ...(narrow > 0 ? narrowThemes.map((theme) => ({ theme, width: narrow })) : [])];
  for (const { theme, width: passWidth } of passes) {
    const palette = palettes[theme];
    const context = await browser.newContext({ viewport: { width: widths.full + 200, height: 800 }, deviceScaleFactor: scale, colorScheme: theme, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    context.setDefaultTimeout(10_000);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || ['data:', 'blob:', 'about:'].includes(url.protocol);
      return local ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.warn(`⚠ page error (${theme}): ${error.message}`));
    await page.setContent(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>${pageCss(palette)}</style></head>
      <body><div id="frame"><div id="bubble"><div id="host"></div></div></div></body></html>`);
    await page.addScriptTag({ path: RENDERER });
    await page.addScriptTag({ content: `window.__markdownToHtml = ${markdownToHtml.toString()};` });

    for (const { name, file, card } of cards) {
      const width = passWidth ?? (card.msteams?.width === 'Full' ? widths.full : widths.normal);
      const result = await page.evaluate(
        ({ card, hostConfig, width }) => {
          const AC = window.AdaptiveCards;
          AC.AdaptiveCard.onProcessMarkdown = (text, out) => {
            out.outputHtml = window.__markdownToHtml(text);
            out.didProcess = true;
          };
          const adaptiveCard = new AC.AdaptiveCard();
          adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
          const context = new AC.SerializationContext(AC.Versions.v1_5);
          adaptiveCard.parse(card, context);
          const messages = [];
          for (let i = 0; i < context.eventCount; i++) {
            const event = context.getEventAt(i);
            const owner = event.source?.getJsonTypeName?.();
            messages.push(`parse${owner ? ` (${owner})` : ''}: ${event.message}`);
          }
          const validation = adaptiveCard.validateProperties();
          for (const event of validation.validationEvents) {
            const owner = event.source?.getJsonTypeName?.() ?? 'card';
            messages.push(`validation (${owner}): ${event.message}`);
          }
          const host = document.getElementById('host');
          host.innerHTML = '';
          document.getElementById('bubble').style.width = `${width}px`;
          const element = adaptiveCard.render();
          if (!element) return { messages, rendered: false };
          host.appendChild(element);
          return { messages, rendered: true };
        },
        { card, hostConfig: hostConfig(palette), width },
      );
      for (const message of [...new Set(result.messages)]) {
        if (theme === themes[0] && !passWidth) {
          console.warn(`⚠ ${file}: ${message}`);
          warnings++;
        }
      }
      if (!result.rendered) {
        console.error(`✖ ${file}: the renderer produced nothing`);
        failures++;
        continue;
      }
      if (passWidth) {
        // What does not fit: text cut with an ellipsis or clipped, and anything wider than the card.
        const cut = await page.evaluate(() => {
          const host = document.getElementById('host');
          const hostRight = host.getBoundingClientRect().right + 1;
          const problems = [];
          for (const el of host.querySelectorAll('*')) {
            const text = (el.textContent ?? '').trim();
            if (!text || el.children.length > 0) continue;
            const style = getComputedStyle(el);
            if (el.scrollWidth > el.clientWidth + 1 && (style.overflow === 'hidden' || style.textOverflow === 'ellipsis')) problems.push(`cut: "${text.slice(0, 40)}"`);
            else if (el.getBoundingClientRect().right > hostRight) problems.push(`spills out: "${text.slice(0, 40)}"`);
          }
          // A word broken over two lines (its pieces stand on different lines).
          const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const words = node.textContent.matchAll(/[^\s\u2013\u2014\-\/·,]{4,}/g);
            for (const word of words) {
              const range = document.createRange();
              range.setStart(node, word.index);
              range.setEnd(node, word.index + word[0].length);
              const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
              if (tops.size > 1) problems.push(`word broken: "${word[0]}"`);
            }
          }
          return [...new Set(problems)];
        });
        for (const problem of cut) {
          console.warn(`⚠ ${file} at ${passWidth} px: ${problem}`);
          warnings++;
        }
      }
      // Let fonts and images settle (bounded).
      await page.evaluate(() => document.fonts.ready);
      const broken = await page.evaluate(async () => {
        const images = [...document.querySelectorAll('#host img')];
        await Promise.race([
          Promise.all(images.map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; })))),
          new Promise((r) => setTimeout(r, 5000)),
        ]);
        return images.filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.src.slice(0, 120));
      });
      if (theme === themes[0] && !passWidth) {
        for (const src of broken) {
          console.warn(`⚠ ${file}: image did not load (only localhost/data: URLs can load here): ${src}`);
          warnings++;
        }
      }
      const target = path.join(outDir, `${name}-${theme}${passWidth ? `-${passWidth}` : ''}.png`);
      await page.locator('#frame').screenshot({ path: target });
      console.log(`✔ ${path.relative(repoRoot, target)}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`${files.length} file(s), ${themes.length} theme(s)${narrow > 0 ? ` + ${narrow} px` : ''}, ${warnings} warning(s), ${failures} failure(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures > 0 ? 1 : 0);
