/**
 * The tab's HTTP client for /api/tab (src/tab/shared/api.ts is the contract). Adds Authorization and
 * Accept-Language, turns `{ error }` bodies into ApiError, and downloads exports and charts as blobs.
 */
import type {
  ExportFormat,
  InitiativesResponse,
  ItemChangeResponse,
  ItemsResponse,
  LiveResponse,
  MeetingsResponse,
  MeResponse,
  TabError,
} from '../shared/api.js';
import type { Host } from './host.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: TabError['code'] | 'network',
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | undefined>;

const withQuery = (path: string, query: Query = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

/** The file name in a Content-Disposition header (RFC 6266: filename* first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain?.[1]?.trim() || fallback;
}

export class TabApi {
  constructor(
    private readonly host: Host,
    private readonly networkErrorMessage: string,
    private readonly base = '/api/tab',
  ) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept-Language', this.host.languageTag);
    const authorization = await this.host.authorization();
    if (authorization) headers.set('Authorization', authorization);
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { ...init, headers });
    } catch {
      throw new ApiError(0, 'network', this.networkErrorMessage);
    }
    if (!response.ok) {
      let error: Partial<TabError> | undefined;
      try {
        error = ((await response.json()) as { error?: TabError }).error;
      } catch {
        /* not JSON */
      }
      throw new ApiError(response.status, error?.code ?? 'internal', error?.message ?? `${response.status} ${response.statusText}`);
    }
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  me = () => this.json<MeResponse>('/me');
  /** One page of the board's items (200 after `after`, the previous answer's `next`). */
  items = (conversation?: string, after?: string) => this.json<ItemsResponse>(withQuery('/items', { conversation, after }));
  initiatives = () => this.json<InitiativesResponse>('/initiatives');
  meetings = (conversation?: string, q?: string) => this.json<MeetingsResponse>(withQuery('/meetings', { conversation, q }));

  live = (conversation: string) => this.json<LiveResponse>(withQuery('/live', { conversation }));
  addLiveNote = (conversation: string, kind: 'decision' | 'todo' | 'note', text: string) =>
    this.json<LiveResponse>('/live/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ conversation, kind, text }) });
  removeLiveNote = (conversation: string, id: string) =>
    this.json<LiveResponse>(`/live/notes/${encodeURIComponent(id)}/remove`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ conversation }) });

  changeItem = (id: string, change: 'complete' | 'reopen', revision: number) =>
    this.json<ItemChangeResponse>(`/items/${encodeURIComponent(id)}/${change}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ revision }),
    });

  /** The radar chart as a blob (the endpoint needs the auth header, so an <img src> cannot load it directly). */
  async radar(query: Query): Promise<Blob> {
    return (await this.request(withQuery('/radar.svg', query))).blob();
  }

  /** The board report (.docx) for a conversation, or all the user's. */
  async report(conversation?: string): Promise<{ blob: Blob; fileName: string }> {
    const response = await this.request(withQuery('/export/report.docx', { conversation }));
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('Content-Disposition'), 'report.docx') };
  }

  async export(what: 'items' | 'rounds', format: ExportFormat, query: Query = {}): Promise<{ blob: Blob; fileName: string }> {
    const response = await this.request(withQuery(`/export/${what}.${format}`, query));
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('Content-Disposition'), `${what}.${format}`) };
  }
}
