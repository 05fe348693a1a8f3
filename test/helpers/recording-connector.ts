import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Bot Connector service (what Teams' serviceUrl points at), on loopback. It records every
 * call the bot makes, answers like the real service, and can be told to fail the next calls (429 with
 * Retry-After, 403, 502 …) to exercise the bot's error handling over real HTTP.
 */

export interface RecordedCall {
  method: 'POST' | 'PUT' | 'GET' | 'DELETE';
  /** 'send' (new message), 'reply', 'update', 'delete', 'createConversation', 'members' */
  kind: string;
  conversationId?: string;
  activityId?: string;
  /** The id Teams gave a sent message (its activity id, for finding the card a test should press). */
  responseId?: string;
  body: any;
  at: number;
  status: number;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Delay before answering, to keep a turn in flight. */
  delayMs?: number;
}

export interface RosterMember {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
  userPrincipalName?: string;
}

export class RecordingConnector {
  readonly calls: RecordedCall[] = [];
  private readonly script: ScriptedResponse[] = [];
  private server?: Server;
  private nextId = 1;
  private waiters: Array<() => void> = [];
  roster: RosterMember[] = [];
  /** Files served under /files/<name> (stand-in for Teams' pre-authorised download URLs). */
  readonly files = new Map<string, Buffer>();
  /** Meeting details by meeting id, as GET /v1/meetings/{id} answers them (missing id: 404). */
  readonly meetings = new Map<string, unknown>();
  /** Applied to every answer (e.g. to keep turns in flight during a shutdown test). */
  delayMs = 0;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('connector not started');
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Above 1 s, so Node's agent (the bot's connector client) reuses connections as it would with Teams.
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** The next calls get these answers, in order (then normal answers again). */
  respondNext(...responses: ScriptedResponse[]): void {
    this.script.push(...responses);
  }

  /** Forgets recorded calls and any scripted answers not used yet. */
  clear(): void {
    this.calls.length = 0;
    this.script.length = 0;
  }

  /** Messages the bot sent (new messages and replies), in order. */
  get sent(): RecordedCall[] {
    return this.calls.filter((c) => (c.kind === 'send' || c.kind === 'reply') && c.status < 300);
  }

  get updates(): RecordedCall[] {
    return this.calls.filter((c) => c.kind === 'update' && c.status < 300);
  }

  /** Resolves once `predicate` holds for the recorded calls (checked on every call), or rejects after timeoutMs. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`connector: condition not met within ${timeoutMs} ms; calls: ${JSON.stringify(this.calls.map((c) => `${c.method} ${c.kind} ${c.status}`))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'files') {
      const file = this.files.get(parts[1] ?? '');
      res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' });
      res.end(file ?? '');
      return;
    }
    // v3 / conversations / {conversationId} / activities / {activityId}
    const method = (req.method ?? 'GET') as RecordedCall['method'];
    const conversationId = parts[2];
    const activityId = parts[4];
    let kind = 'unknown';
    if (parts[1] === 'conversations' && parts.length === 2 && method === 'POST') kind = 'createConversation';
    else if (parts[3] === 'activities' && method === 'POST') kind = activityId ? 'reply' : 'send';
    else if (parts[3] === 'activities' && method === 'PUT') kind = 'update';
    else if (parts[3] === 'activities' && method === 'DELETE') kind = 'delete';
    else if (parts[3] === 'members' || parts[3] === 'pagedmembers') kind = 'members';
    else if (parts[0] === 'v1' && parts[1] === 'meetings' && method === 'GET') kind = 'meetingInfo';

    const scripted = this.script.shift();
    const delay = scripted?.delayMs ?? this.delayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    let status = scripted?.status ?? 200;
    let answer: unknown = scripted?.body;
    if (!scripted || (status < 300 && answer === undefined)) {
      answer = this.answer(kind, parts, activityId);
      if (answer === undefined) status = 404;
    }
    this.calls.push({ method, kind, conversationId, activityId, ...(kind === 'send' || kind === 'reply' ? { responseId: (answer as { id?: string } | undefined)?.id } : {}), body, at: Date.now(), status });
    res.writeHead(status, { 'content-type': 'application/json', ...(scripted?.headers ?? {}) });
    res.end(answer === undefined ? JSON.stringify({ error: { code: 'NotFound', message: 'not found' } }) : JSON.stringify(answer));
    for (const wake of this.waiters.splice(0)) wake();
  }

  private answer(kind: string, parts: string[], activityId: string | undefined): unknown {
    switch (kind) {
      case 'send':
      case 'reply':
        return { id: `activity-${this.nextId++}` };
      case 'update':
        return { id: activityId };
      case 'delete':
        return {};
      case 'createConversation':
        return { id: `a:created-${this.nextId++}`, activityId: `activity-${this.nextId++}` };
      case 'members': {
        if (parts[3] === 'pagedmembers') return { members: this.roster };
        const memberId = parts[4];
        // Teams answers a member by Teams id, UPN or Entra object id.
        if (memberId) return this.roster.find((m) => m.id === memberId || (m as { aadObjectId?: string }).aadObjectId === memberId);
        return this.roster;
      }
      case 'meetingInfo':
        return this.meetings.get(parts[2] ?? '');
      default:
        return undefined;
    }
  }
}
