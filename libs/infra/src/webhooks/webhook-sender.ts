import type { RecordedEvent } from '../event-store/event-store.port';
import { anySignal } from './abortable';
import type { AttemptResult } from './webhook-delivery-ledger';
import {
  ATTEMPT_HEADER,
  EVENT_ID_HEADER,
  EVENT_POSITION_HEADER,
  EVENT_TYPE_HEADER,
  SIGNATURE_HEADER,
  signWebhookPayload,
  TIMESTAMP_HEADER,
  WEBHOOK_ID_HEADER,
} from './webhook-signature';

export interface WebhookRequest {
  webhookId: string;
  url: string;
  secret: string;
  event: RecordedEvent;
  attempt: number;
  timeoutMs: number;
  /** Aborts the request when the dispatcher stops; that is not a failed attempt. */
  stop: AbortSignal;
}

export type FetchLike = typeof fetch;

/** The body is the recorded event, the same JSON an SSE client gets as `data`. */
export const webhookBody = (event: RecordedEvent): string => JSON.stringify(event);

const describeFailure = (error: unknown): string => {
  const { message, cause } = (error ?? {}) as {
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const detail = cause?.code ?? cause?.message;
  return detail ? `${message ?? 'request failed'}: ${detail}` : (message ?? String(error));
};

/**
 * POSTs one event, signed; resolves to what happened (2xx is delivered, anything else and
 * every network error or timeout is a failed attempt). A redirect is a failure too: the
 * signature was made for the registered URL only. Rejects only when `stop` aborted it.
 */
export const sendWebhook = async (
  request: WebhookRequest,
  fetchImpl: FetchLike = fetch,
): Promise<AttemptResult> => {
  const { event, secret, timeoutMs } = request;
  const body = webhookBody(event);
  const sentAt = Date.now();
  const timestamp = Math.floor(sentAt / 1000);
  const attemptedAt = new Date(sentAt).toISOString();
  const started = performance.now();
  const durationMs = () => performance.now() - started;
  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new DOMException('timed out', 'TimeoutError')),
    timeoutMs,
  );
  const abort = anySignal(timeout.signal, request.stop);
  try {
    const response = await fetchImpl(request.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: abort.signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Sensei-Webhooks/1',
        [EVENT_ID_HEADER]: event.id,
        [EVENT_POSITION_HEADER]: String(event.position),
        [EVENT_TYPE_HEADER]: event.type,
        [WEBHOOK_ID_HEADER]: request.webhookId,
        [ATTEMPT_HEADER]: String(request.attempt),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhookPayload(secret, timestamp, body),
      },
    });
    // The answer's body is not used; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      statusCode: response.status,
      ...(ok ? {} : { error: `HTTP ${response.status}` }),
      durationMs: durationMs(),
      attemptedAt,
    };
  } catch (error) {
    if (request.stop.aborted) throw error;
    const timedOut = timeout.signal.aborted;
    return {
      ok: false,
      error: timedOut ? `no response within ${timeoutMs} ms` : describeFailure(error),
      durationMs: durationMs(),
      attemptedAt,
    };
  } finally {
    clearTimeout(timer);
    abort.dispose();
  }
};
