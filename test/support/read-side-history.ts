import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewEvent, SqlEventStore } from '@sensei/infra';

/** An event of a recorded history, with the stream it was appended to. */
export interface HistoryEvent extends NewEvent {
  streamId: string;
}

/**
 * Every event of four real `sensei migrate` runs on Chinook, recorded from the CLI's event store
 * (test/fixtures/read-side/chinook-cli-events.json):
 * - `chinook`: the whole database, auto-approved mappings, PASSED, delivered, completed;
 * - `genres-review`: review threshold 1, one mapping approved by a human, one edited (superseded);
 * - `genres-failed`: a failing expectation, FAILED certificate, halted, resumed, FAILED, cancelled;
 * - `media-types-rejected`: a mapping rejected in review, one left in review, cancelled.
 */
const fixture = join(__dirname, '..', 'fixtures', 'read-side', 'chinook-cli-events.json');
const recordedText = readFileSync(fixture, 'utf8');

export const chinookCliHistory = (): HistoryEvent[] => JSON.parse(recordedText) as HistoryEvent[];

export const recordedMigrationIds = [
  'chinook',
  'genres-review',
  'genres-failed',
  'media-types-rejected',
];

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const instant = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"/g;

/**
 * The recorded history as if the same four migrations had run again `copy` minutes later under
 * other ids (`chinook-c<copy>`, ...): new event, certificate and correlation ids, same content.
 */
export const historyCopy = (copy: number): HistoryEvent[] => {
  if (copy === 0) return chinookCliHistory();
  let text = recordedText;
  for (const id of recordedMigrationIds) {
    text = text.split(`"${id}"`).join(`"${id}-c${copy}"`);
    text = text.split(`"migration-${id}"`).join(`"migration-${id}-c${copy}"`);
  }
  text = text.replace(uuid, (found) => `${found}-c${copy}`);
  text = text.replace(
    instant,
    (_, at: string) => `"${new Date(Date.parse(at) + copy * 60_000).toISOString()}"`,
  );
  return JSON.parse(text) as HistoryEvent[];
};

/** Appends a history stream by stream (in the recorded order within each stream). */
export const appendHistory = async (store: SqlEventStore, events: readonly HistoryEvent[]) => {
  const streams = new Map<string, NewEvent[]>();
  for (const { streamId, ...event } of events) {
    streams.set(streamId, [...(streams.get(streamId) ?? []), event]);
  }
  await Promise.all(
    [...streams].map(([streamId, stream]) =>
      store.append(streamId, stream, { expectedRevision: 'any' }),
    ),
  );
};

/** Appends `copies` copies of the recorded history, `parallel` copies at a time. */
export const appendHistoryCopies = async (
  store: SqlEventStore,
  copies: { from: number; to: number },
  parallel = 8,
  onProgress?: (appendedCopies: number) => void,
) => {
  let next = copies.from;
  const worker = async () => {
    while (next < copies.to) {
      const copy = next;
      next += 1;
      await appendHistory(store, historyCopy(copy));
      onProgress?.(copy);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
};
