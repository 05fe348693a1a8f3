/** POSTs an activity as Teams does; resolves the status and the body (parsed when it is JSON). No app imports. */
export async function postActivity(
  url: string,
  activity: Record<string, unknown>,
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ status: number; body: any }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(activity),
    ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, body };
}
