import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { ConversationAddress } from '../domain/conversations/conversation.js';
import { conversationKey } from '../domain/conversations/conversation.js';
import type { Logger } from '../logger.js';
import { SlidingWindowLimiter, TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, type Window } from './rate-limiter.js';

/**
 * Proactive messages (reminders, card updates outside a turn): one sender for the whole process that keeps to
 * Teams' rate limits per conversation and per tenant, retries throttling and transient failures with jittered
 * exponential back-off (honouring Retry-After), and settles every accepted message: delivered, or rejected
 * with a logged error once the retry budget is spent. Messages to one conversation go out in order.
 */

export type OutgoingActivity = Partial<Activity>;

/** How messages physically reach Teams; the Bot Connector in production, anything in tests. */
export interface ConversationTransport {
  send(address: ConversationAddress, activity: OutgoingActivity): Promise<{ id?: string }>;
  update(address: ConversationAddress, activityId: string, activity: OutgoingActivity): Promise<void>;
}

export class ProactiveError extends Error {
  constructor(
    message: string,
    readonly reason: 'gone' | 'rejected' | 'gaveUp' | 'shutdown',
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProactiveError';
  }
}

const RETRYABLE_STATUS = new Set([412, 429, 502, 504]);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

export interface ProactiveSenderOptions {
  transport: ConversationTransport;
  logger: Logger;
  /** Called when Teams says the bot can no longer write there (403, or the conversation is gone). */
  onConversationGone?: (address: ConversationAddress, reason: string) => Promise<void>;
  conversationWindows?: readonly Window[];
  tenantWindows?: readonly Window[];
  /** Give up on a message once retrying it would pass this much time since it was accepted. */
  maxRetryMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface Job {
  address: ConversationAddress;
  run: () => Promise<{ id?: string }>;
  acceptedAt: number;
  attempts: number;
  resolve: (value: { id?: string }) => void;
  reject: (error: ProactiveError) => void;
  description: string;
}

interface Lane {
  jobs: Job[];
  running: boolean;
  limiter: SlidingWindowLimiter;
}

export class ProactiveSender {
  private readonly lanes = new Map<string, Lane>();
  private readonly tenantLimiters = new Map<string, SlidingWindowLimiter>();
  private readonly idleWaiters = new Set<() => void>();
  private closed = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: ProactiveSenderOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** Posts a new message; resolves with its activity id once Teams accepted it. */
  send(address: ConversationAddress, activity: OutgoingActivity): Promise<{ id?: string }> {
    return this.enqueue(address, 'send', () => this.options.transport.send(address, activity));
  }

  /** Replaces a message the bot posted earlier (e.g. a card whose state changed). */
  async update(address: ConversationAddress, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.enqueue(address, `update ${activityId}`, async () => {
      await this.options.transport.update(address, activityId, activity);
      return { id: activityId };
    });
  }

  /** Messages accepted and not yet settled. */
  pending(): number {
    let count = 0;
    for (const lane of this.lanes.values()) count += lane.jobs.length;
    return count;
  }

  /**
   * Stops accepting, waits up to `timeoutMs` for accepted messages to settle, then rejects what is left
   * (logged, with the count) so nothing is dropped without a trace.
   */
  async close(timeoutMs: number): Promise<void> {
    this.closed = true;
    if (this.pending() > 0) {
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.add(resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    }
    // A message being sent right now settles by itself; the ones still waiting are rejected, and counted.
    let undelivered = 0;
    for (const lane of this.lanes.values()) {
      for (const job of lane.jobs.splice(lane.running ? 1 : 0)) {
        undelivered++;
        job.reject(new ProactiveError('Sender closed before delivery', 'shutdown'));
      }
    }
    if (undelivered > 0) this.options.logger.error({ undelivered, inFlight: this.pending() }, 'proactive sender closed with undelivered messages');
  }

  private enqueue(address: ConversationAddress, description: string, run: () => Promise<{ id?: string }>): Promise<{ id?: string }> {
    if (this.closed) return Promise.reject(new ProactiveError('Sender is closed', 'shutdown'));
    const key = `${address.tenantId}|${conversationKey(address)}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { jobs: [], running: false, limiter: new SlidingWindowLimiter(this.options.conversationWindows ?? TEAMS_CONVERSATION_WINDOWS) };
      this.lanes.set(key, lane);
    }
    const promise = new Promise<{ id?: string }>((resolve, reject) => {
      lane.jobs.push({ address, run, acceptedAt: this.now(), attempts: 0, resolve, reject, description });
    });
    if (!lane.running) void this.work(key, lane);
    return promise;
  }

  private tenantLimiter(tenantId: string): SlidingWindowLimiter {
    let limiter = this.tenantLimiters.get(tenantId);
    if (!limiter) {
      limiter = new SlidingWindowLimiter(this.options.tenantWindows ?? TEAMS_TENANT_WINDOWS);
      this.tenantLimiters.set(tenantId, limiter);
    }
    return limiter;
  }

  private async work(key: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.jobs.length > 0) {
        const job = lane.jobs[0]!;
        await this.takeSlot(lane.limiter, this.tenantLimiter(job.address.tenantId));
        job.attempts++;
        try {
          const result = await job.run();
          lane.jobs.shift();
          job.resolve(result);
        } catch (error) {
          await this.onFailure(lane, job, error);
        }
      }
    } finally {
      lane.running = false;
      if (lane.jobs.length === 0 && lane.limiter.idle(this.now())) this.lanes.delete(key);
      if (this.pending() === 0) for (const wake of this.idleWaiters) wake();
    }
  }

  /** Waits until both the conversation's and the tenant's windows allow one more message, then takes it. */
  private async takeSlot(conversation: SlidingWindowLimiter, tenant: SlidingWindowLimiter): Promise<void> {
    for (;;) {
      const now = this.now();
      const slot = Math.max(conversation.nextSlot(now), tenant.nextSlot(now));
      if (slot <= now) {
        conversation.record(now);
        tenant.record(now);
        return;
      }
      await this.sleep(slot - now);
    }
  }

  private async onFailure(lane: Lane, job: Job, error: unknown): Promise<void> {
    const status = httpStatusOf(error);
    const { logger } = this.options;
    const context = { conversation: conversationKey(job.address), tenantId: job.address.tenantId, what: job.description, attempts: job.attempts, status };

    if (status === 403 || (status === 404 && isConversationGone(error))) {
      const reason = status === 403 ? `403 ${errorCodeOf(error) ?? 'Forbidden'}` : '404 ConversationNotFound';
      logger.warn(context, 'conversation refuses messages; marking it inactive');
      await this.options.onConversationGone?.(job.address, reason).catch((e: unknown) => logger.error({ err: e }, 'could not mark conversation inactive'));
      // Everything queued for this conversation would meet the same answer.
      for (const queued of lane.jobs.splice(0)) queued.reject(new ProactiveError(`Conversation refuses messages (${reason})`, 'gone', status, { cause: error }));
      return;
    }

    if (!isRetryable(error, status)) {
      lane.jobs.shift();
      logger.error({ ...context, err: error }, 'proactive message rejected by Teams');
      job.reject(new ProactiveError(`Message rejected (${status ?? 'no status'})`, 'rejected', status, { cause: error }));
      return;
    }

    const delay = this.backoff(job.attempts, retryAfterMsOf(error, this.now()));
    const elapsed = this.now() - job.acceptedAt;
    const maxRetryMs = this.options.maxRetryMs ?? 10 * 60_000;
    if (elapsed + delay > maxRetryMs) {
      lane.jobs.shift();
      logger.error({ ...context, elapsedMs: elapsed, err: error }, 'proactive message given up after retries');
      job.reject(new ProactiveError(`Gave up after ${job.attempts} attempts over ${elapsed} ms`, 'gaveUp', status, { cause: error }));
      return;
    }
    logger.warn({ ...context, delayMs: delay }, 'proactive message will be retried');
    await this.sleep(delay);
  }

  /** Full-jitter exponential back-off, never shorter than what the server asked for. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.options.baseDelayMs ?? 1_000;
    const cap = this.options.maxDelayMs ?? 60_000;
    const exponential = Math.min(cap, base * 2 ** (attempt - 1));
    const jittered = Math.round(exponential / 2 + this.random() * (exponential / 2));
    return Math.max(jittered, retryAfterMs ?? 0);
  }
}

// --- reading errors from the Bot Connector client (RestError from @azure/core-rest-pipeline) ---------------

interface HttpErrorLike {
  statusCode?: number;
  status?: number;
  code?: string;
  response?: { status?: number; headers?: { get?(name: string): string | undefined } | Record<string, string>; bodyAsText?: string };
  body?: { error?: { code?: string } };
  cause?: unknown;
}

export function httpStatusOf(error: unknown): number | undefined {
  const e = error as HttpErrorLike | undefined;
  return e?.statusCode ?? e?.response?.status ?? e?.status;
}

function errorCodeOf(error: unknown): string | undefined {
  const e = error as HttpErrorLike | undefined;
  if (e?.body?.error?.code) return e.body.error.code;
  const text = e?.response?.bodyAsText;
  if (text) {
    try {
      return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function isConversationGone(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === 'ConversationNotFound' || code === 'BotNotInConversationRoster';
}

function isRetryable(error: unknown, status: number | undefined): boolean {
  if (status !== undefined) return RETRYABLE_STATUS.has(status);
  const e = error as HttpErrorLike | undefined;
  const code = e?.code ?? (e?.cause as HttpErrorLike | undefined)?.code;
  return code !== undefined && RETRYABLE_NETWORK.has(code);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMsOf(error: unknown, now: number): number | undefined {
  const headers = (error as HttpErrorLike | undefined)?.response?.headers;
  if (!headers) return undefined;
  const raw = typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// --- the production transport ------------------------------------------------------------------------------

/**
 * Sends through the Bot Connector REST API with the bot's credentials. The connector's own retry policy is
 * removed so the ProactiveSender above is the single place that decides about retries and waiting.
 */
export class BotConnectorTransport implements ConversationTransport {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    private readonly appId: string | undefined,
  ) {}

  async send(address: ConversationAddress, activity: OutgoingActivity): Promise<{ id?: string }> {
    const client = await this.client(address.serviceUrl);
    const response = await client.conversations.sendToConversation(address.conversationId, this.complete(address, activity) as Activity);
    return { id: response.id };
  }

  async update(address: ConversationAddress, activityId: string, activity: OutgoingActivity): Promise<void> {
    const client = await this.client(address.serviceUrl);
    await client.conversations.updateActivity(address.conversationId, activityId, { ...this.complete(address, activity), id: activityId } as Activity);
  }

  /** One member of the conversation by Teams id, UPN or Entra object id; undefined when Teams says 404. */
  async member(address: ConversationAddress, userId: string): Promise<{ id: string; aadObjectId?: string; name?: string } | undefined> {
    const client = await this.client(address.serviceUrl);
    try {
      const member = (await client.conversations.getConversationMember(address.conversationId, userId)) as unknown as { id: string; aadObjectId?: string; name?: string };
      return member?.id ? member : undefined;
    } catch (error) {
      if (httpStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private complete(address: ConversationAddress, activity: OutgoingActivity): OutgoingActivity {
    return {
      type: 'message',
      ...activity,
      channelId: address.channelIdName,
      serviceUrl: address.serviceUrl,
      conversation: { id: address.conversationId, isGroup: address.kind !== 'personal', conversationType: address.kind, tenantId: address.tenantId, name: '' },
      from: { id: address.botId, name: address.botName ?? '' },
    };
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      const appId = this.appId ?? '';
      const claims = new ClaimsIdentity([
        { type: AuthenticationConstants.AudienceClaim, value: appId },
        { type: AuthenticationConstants.AppIdClaim, value: appId },
      ]);
      client = this.auth
        .createConnectorFactory(claims)
        .create(serviceUrl)
        .then((created) => {
          withoutBuiltInRetries(created);
          return created;
        });
      client.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, client);
    }
    return client;
  }
}

function withoutBuiltInRetries(client: ConnectorClient): void {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
  pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}
