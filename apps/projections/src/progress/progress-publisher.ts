import type { RecordedEvent } from '@sensei/infra';
import type { ReadSideRuntime } from '../read-side/read-side.ports';

export interface ProgressPayload {
  migrationId: string;
  position: number;
  eventTypes: string[];
}

/** Mercurius's pubsub, as far as publishing goes. */
export interface ProgressPubSub {
  publish(event: { topic: string; payload: ProgressPayload }, callback?: () => void): void;
}

export const progressTopic = (migrationId: string): string => `migration-progress:${migrationId}`;

const STREAM_PREFIX = 'migration-';

const migrationIdOf = (event: RecordedEvent): string | undefined => {
  const fromData = (event.data as { migrationId?: unknown } | null)?.migrationId;
  if (typeof fromData === 'string') return fromData;
  return event.streamId.startsWith(STREAM_PREFIX)
    ? event.streamId.slice(STREAM_PREFIX.length)
    : undefined;
};

/** One update per migration per applied batch, in the order the batch first touched them. */
export const progressUpdates = (events: readonly RecordedEvent[]): ProgressPayload[] => {
  const updates = new Map<string, ProgressPayload>();
  for (const event of events) {
    const migrationId = migrationIdOf(event);
    if (migrationId === undefined) continue;
    const update = updates.get(migrationId);
    if (update) {
      update.position = Math.max(update.position, event.position);
      update.eventTypes.push(event.type);
    } else {
      updates.set(migrationId, { migrationId, position: event.position, eventTypes: [event.type] });
    }
  }
  return [...updates.values()];
};

/** The projection whose commits make an update: it holds what `Migration` shows. */
export const PROGRESS_PROJECTION = 'migrations';

/**
 * Publishes progress after the migrations read model committed events, so a subscriber that
 * reads the migration in response sees them. Returns the function that stops publishing.
 */
export const publishProgress = (
  readSide: Pick<ReadSideRuntime, 'onApplied'>,
  pubsub: ProgressPubSub,
): (() => void) =>
  readSide.onApplied((events, projection) => {
    if (projection !== PROGRESS_PROJECTION) return;
    for (const payload of progressUpdates(events)) {
      pubsub.publish({ topic: progressTopic(payload.migrationId), payload }, () => undefined);
    }
  });
