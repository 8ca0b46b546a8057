import type { RecordedEvent } from '../event-store/event-store.port';
import { decisionText } from './decision-summary';

/** One line of a migration's audit log: who decided what, when, why, and in which causal chain. */
export interface AuditEntry {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  /** Who issued the command that produced the event (metadata.actor). */
  actor: string;
  /** When it was decided (metadata.timestamp, ISO-8601). */
  time: string;
  reason?: string;
  correlationId: string;
  causationId: string;
  summary: string;
}

export const auditEntryOf = (event: RecordedEvent): AuditEntry => {
  const { summary, reason } = decisionText(event);
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.id,
    type: event.type,
    actor: event.metadata.actor,
    time: event.metadata.timestamp,
    ...(reason === undefined ? {} : { reason }),
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    summary,
  };
};
