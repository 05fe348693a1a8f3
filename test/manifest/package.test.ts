import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localizationProblems, PackageError, packageApp, type PackageOptions } from '../../scripts/package-app.js';
import { decodeRgba8, readPngHeader } from '../../scripts/lib/png.js';

const TEAMS_APP_ID = '6f83b305-c5e0-4516-a1cb-fad727563e97';
const BOT_APP_ID = '18ecc60e-b1ab-4cd2-97a7-e59bcac3c11b';
const env = { TEAMS_APP_ID, MicrosoftAppId: BOT_APP_ID, PUBLIC_BASE_URL: 'https://shk-bot.example.se/' };

type Commands = Array<{ title: string; description: string }>;
type StaticTab = { entityId: string; name?: string; contentUrl?: string; websiteUrl?: string; scopes: string[] };
type ConfigurableTab = { configurationUrl: string; canUpdateConfiguration?: boolean; scopes: string[]; context?: string[] };
type Manifest = {
  id: string;
  validDomains: string[];
  bots: Array<{ botId: string; commandLists: Array<{ commands: Commands }> }>;
  staticTabs: StaticTab[];
  configurableTabs: ConfigurableTab[];
  webApplicationInfo: { id: string; resource: string };
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shk-package-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(options: PackageOptions): Promise<string[]> {
  const error = await packageApp({ outFile: join(dir, 'never.zip'), ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PackageError);
  return (error as PackageError).problems;
}

describe('Teams app package', () => {
  let zip: JSZip;
  let manifest: Manifest;
  let localization: Record<string, string>;

  beforeAll(async () => {
    const result = await packageApp({ env, outFile: join(dir, 'app.zip') });
    expect(result.outFile).toBe(join(dir, 'app.zip'));
    zip = await JSZip.loadAsync(await readFile(result.outFile));
    manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
    localization = JSON.parse(await zip.file('en-US.json')!.async('string')) as Record<string, string>;
  });

  it('holds exactly manifest.json, en-US.json, color.png and outline.png at the root', () => {
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'en-US.json', 'manifest.json', 'outline.png']);
    expect(Object.values(zip.files).some((f) => f.dir)).toBe(false);
  });

  it('fills the placeholders and validates against its schema', async () => {
    const text = await zip.file('manifest.json')!.async('string');
    expect(text).not.toMatch(/\{\{/);
    expect(manifest.id).toBe(TEAMS_APP_ID);
    expect(manifest.bots[0]!.botId).toBe(BOT_APP_ID);
    expect(await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest)).toEqual([]);
  });

  it('lists the public host in validDomains', () => {
    expect(manifest.validDomains).toContain('shk-bot.example.se');
  });

  it('has the personal tab Översikt (Overview in English) on the public URL, plus the chat and about tabs', () => {
    const overview = manifest.staticTabs.find((tab) => tab.entityId === 'shk-overview');
    expect(overview).toEqual({
      entityId: 'shk-overview',
      name: 'Översikt',
      contentUrl: 'https://shk-bot.example.se/tab/index.html?view=items',
      websiteUrl: 'https://shk-bot.example.se/tab/index.html?view=items',
      scopes: ['personal'],
    });
    expect(manifest.staticTabs.map((tab) => tab.entityId)).toEqual(['shk-overview', 'conversations', 'about']);
    const index = manifest.staticTabs.indexOf(overview!);
    expect(localization[`staticTabs[${index}].name`]).toBe('Overview');
  });

  it('has a configurable tab for channels, group chats and meetings', () => {
    expect(manifest.configurableTabs).toEqual([
      {
        configurationUrl: 'https://shk-bot.example.se/tab/config.html',
        canUpdateConfiguration: true,
        scopes: ['team', 'groupChat'],
        context: ['channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel'],
      },
    ]);
  });

  it('asks for the meeting permissions and offers "Skapa uppgift" in a message\'s menu (#17)', () => {
    const raw = manifest as unknown as Record<string, any>;
    // Meeting start/end events and the meeting details API need these resource-specific consents.
    expect(raw.authorization.permissions.resourceSpecific).toEqual([
      { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
      { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
    ]);
    expect(raw.composeExtensions).toEqual([
      {
        botId: BOT_APP_ID,
        commands: [
          { id: 'createTodo', type: 'action', context: ['message'], title: 'Skapa uppgift', description: expect.any(String), fetchTask: true },
        ],
      },
    ]);
    expect(localization['composeExtensions[0].commands[0].title']).toBe('Create task');
    expect(localizationProblems(manifest, { 'composeExtensions[1].commands[0].title': 'x' })).toEqual([expect.stringMatching(/message extension command that is not in the manifest/)]);
    expect(localizationProblems(manifest, { 'composeExtensions[0].commands[0].title': 'x'.repeat(33) })).toEqual([expect.stringMatching(/at most 32/)]);
  });

  it('names the bot app and its default Application ID URI for the tab\'s single sign-on', () => {
    expect(manifest.webApplicationInfo).toEqual({ id: BOT_APP_ID, resource: `api://shk-bot.example.se/${BOT_APP_ID}` });
  });

  it('refuses an English tab name for a tab the manifest does not have', async () => {
    expect(localizationProblems(manifest, { 'staticTabs[0].name': 'Overview' })).toEqual([]);
    expect(localizationProblems(manifest, { 'staticTabs[1].name': 'Chat' })).toEqual([expect.stringMatching(/staticTabs\[1\]\.name" names a static tab that is not in the manifest/)]);
  });

  it('takes TAB_APP_ID_URI when it is set, and refuses one on another host', async () => {
    const resource = `api://shk-bot.example.se/botid-${BOT_APP_ID}`;
    const result = await packageApp({ env: { ...env, TAB_APP_ID_URI: resource }, outFile: join(dir, 'sso.zip') });
    expect(result.manifest.webApplicationInfo).toEqual({ id: BOT_APP_ID, resource });
    expect(await problemsOf({ env: { ...env, TAB_APP_ID_URI: `api://other.example.se/${BOT_APP_ID}` } })).toEqual([
      expect.stringMatching(new RegExp(`^TAB_APP_ID_URI: must be api://shk-bot\\.example\\.se/${BOT_APP_ID} `)),
    ]);
    expect(await problemsOf({ env: { ...env, TAB_APP_ID_URI: 'api://shk-bot.example.se/some-api' } })).toEqual([expect.stringMatching(/^TAB_APP_ID_URI: must be/)]);
  });

  it('with a managed identity, asks for the tab\'s own app registration and uses it for single sign-on', async () => {
    const msi = { ...env, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 'c0ffee00-1111-4222-8333-444455556666' };
    expect(await problemsOf({ env: msi })).toEqual([expect.stringMatching(/^TAB_APP_ID: required when MicrosoftAppType is UserAssignedMSI/)]);
    const tabAppId = '0f1e2d3c-4b5a-4697-8877-665544332211';
    const result = await packageApp({ env: { ...msi, TAB_APP_ID: tabAppId }, outFile: join(dir, 'msi.zip') });
    expect((result.manifest.bots as Array<{ botId: string }>)[0]!.botId).toBe(BOT_APP_ID);
    expect(result.manifest.webApplicationInfo).toEqual({ id: tabAppId, resource: `api://shk-bot.example.se/${tabAppId}` });
    expect(await problemsOf({ env: { ...msi, TAB_APP_ID: 'tab' } })).toEqual([expect.stringMatching(/^TAB_APP_ID: .*GUID/)]);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', async () => {
    const color = await zip.file('color.png')!.async('nodebuffer');
    const outline = await zip.file('outline.png')!.async('nodebuffer');
    expect(readPngHeader(color)).toMatchObject({ width: 192, height: 192 });
    expect(readPngHeader(outline)).toMatchObject({ width: 32, height: 32 });

    const image = decodeRgba8(outline);
    let white = 0;
    const offending: number[] = [];
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b, a] = image.data.subarray(i, i + 4);
      if (a === 0) continue;
      if (r === 255 && g === 255 && b === 255) white++;
      else offending.push(i / 4);
    }
    expect(offending).toEqual([]);
    expect(white).toBeGreaterThan(50); // there is a mark at all
    // the colour icon is opaque SHK blue in the corner
    expect([...decodeRgba8(color).data.subarray(0, 4)]).toEqual([0x0b, 0x5d, 0x8c, 255]);
  });

  it('keeps command titles within 32 characters and lists within 10 commands, in both languages', () => {
    const lists = manifest.bots.flatMap((bot) => bot.commandLists);
    expect(lists.length).toBeGreaterThan(0);
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const command of list.commands) expect(command.title.length, command.title).toBeLessThanOrEqual(32);
    }
    const englishTitles = Object.entries(localization).filter(([key]) => /^bots\[\d+\]\.commandLists\[\d+\]\.commands\[\d+\]\.title$/.test(key));
    expect(englishTitles.length).toBe(lists.reduce((n, list) => n + list.commands.length, 0));
    for (const [key, title] of englishTitles) expect(title.length, key).toBeLessThanOrEqual(32);
  });

  it('fails listing MicrosoftAppId when it is empty, without writing the zip', async () => {
    const problems = await problemsOf({ env: { ...env, MicrosoftAppId: '' } });
    expect(problems.some((p) => p.startsWith('MicrosoftAppId:'))).toBe(true);
    await expect(readFile(join(dir, 'never.zip'))).rejects.toThrow();
  });

  it('fails on a TEAMS_APP_ID that is not a GUID', async () => {
    const problems = await problemsOf({ env: { ...env, TEAMS_APP_ID: 'shk-bot' } });
    expect(problems).toEqual([expect.stringMatching(/^TEAMS_APP_ID: must be a GUID/)]);
  });

  it('fails on an http or localhost public URL, and lists every problem at once', async () => {
    expect(await problemsOf({ env: { ...env, PUBLIC_BASE_URL: 'http://shk-bot.example.se' } })).toEqual([
      expect.stringMatching(/^PUBLIC_BASE_URL: must use https/),
    ]);
    expect(await problemsOf({ env: { ...env, PUBLIC_BASE_URL: 'https://localhost:8443' } })).toEqual([
      expect.stringMatching(/^PUBLIC_BASE_URL: localhost is not reachable/),
    ]);
    expect(await problemsOf({ env: { ...env, PUBLIC_BASE_URL: '' } })).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: required/)]);
    const all = await problemsOf({ env: { PUBLIC_BASE_URL: 'http://localhost:3978' } });
    expect(all.map((p) => p.split(':')[0])).toEqual(['TEAMS_APP_ID', 'MicrosoftAppId', 'PUBLIC_BASE_URL', 'PUBLIC_BASE_URL']);
  });

  it('accepts an https localhost URL with allowLocalhost', async () => {
    const result = await packageApp({ env: { ...env, PUBLIC_BASE_URL: 'https://localhost:8443' }, allowLocalhost: true, outFile: join(dir, 'local.zip') });
    expect(result.manifest.validDomains).toEqual(['localhost']);
    expect(result.manifest.webApplicationInfo).toEqual({ id: BOT_APP_ID, resource: `api://localhost:8443/${BOT_APP_ID}` });
    expect((result.manifest.staticTabs as StaticTab[])[0]!.contentUrl).toBe('https://localhost:8443/tab/index.html?view=items');
  });
});
