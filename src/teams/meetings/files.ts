import mammoth from 'mammoth';
import type { IncomingAttachment } from '../activity.js';

/**
 * Word files sent to the bot in personal chat (Teams delivers them as a "file download info" attachment with a
 * short-lived, pre-authorised download URL). Only .docx is read; the text is extracted with mammoth.
 */

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface DocxAttachment {
  name: string;
  downloadUrl: string;
}

export function docxAttachmentOf(attachments: readonly IncomingAttachment[]): DocxAttachment | undefined {
  for (const attachment of attachments) {
    if (attachment.contentType !== FILE_DOWNLOAD_INFO) continue;
    const content = attachment.content as { downloadUrl?: string; fileType?: string } | undefined;
    const name = attachment.name ?? '';
    if (content?.downloadUrl && (content.fileType?.toLowerCase() === 'docx' || name.toLowerCase().endsWith('.docx'))) {
      return { name, downloadUrl: content.downloadUrl };
    }
  }
  return undefined;
}

export class FileError extends Error {
  constructor(readonly reason: 'tooLarge' | 'unreadable' | 'download' | 'insecure') {
    super(`file: ${reason}`);
  }
}

/** Downloads (HTTPS only, except on loopback in local mode) and extracts the document's text. */
export async function docxText(file: DocxAttachment, options: { allowLoopbackHttp: boolean; timeoutMs?: number }): Promise<string> {
  const url = new URL(file.downloadUrl);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(options.allowLoopbackHttp && loopback && url.protocol === 'http:')) throw new FileError('insecure');
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000), redirect: 'follow' });
  } catch {
    throw new FileError('download');
  }
  if (!response.ok || !response.body) throw new FileError('download');
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_FILE_BYTES) throw new FileError('tooLarge');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_FILE_BYTES) throw new FileError('tooLarge');
    chunks.push(Buffer.from(chunk));
  }
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.concat(chunks) });
    return value;
  } catch {
    throw new FileError('unreadable');
  }
}
