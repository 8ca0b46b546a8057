import { SenseiError } from '@sensei/domain';

/** Where a replay stops: after a global position, or after the last event decided by a time. */
export type ReplayPoint =
  { kind: 'position'; position: number } | { kind: 'time'; time: string; epochMs: number };

/** A full instant with its zone: "as it stood at 10:00" means nothing without knowing whose 10:00. */
const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Date.parse rolls 2025-02-30 over into March; a typo must not silently become another day. */
const isRealCalendarTime = (match: RegExpExecArray): boolean => {
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(Date.UTC(year!, month! - 1, day, hour, minute, second));
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second
  );
};

/** `--at`: a global position (a whole number from 1) or an ISO-8601 instant with a zone. */
export const parseReplayPoint = (text: string): ReplayPoint => {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const position = Number(value);
    if (Number.isSafeInteger(position) && position >= 1) return { kind: 'position', position };
  } else {
    const match = isoInstant.exec(value);
    const epochMs = match && isRealCalendarTime(match) ? Date.parse(value) : NaN;
    if (!Number.isNaN(epochMs)) {
      return { kind: 'time', time: new Date(epochMs).toISOString(), epochMs };
    }
  }
  throw new SenseiError(
    'VALIDATION.FAILED',
    `--at ${text} is neither a position (a whole number from 1) nor an ISO-8601 time with a zone (e.g. 2025-03-01T12:00:00Z)`,
    { field: 'at' },
  );
};

export const describeReplayPoint = (point: ReplayPoint): string =>
  point.kind === 'position' ? `position ${point.position}` : point.time;

/** Whether an event had happened by the replay point (by its global position or its decision time). */
export const happenedBy = (
  point: ReplayPoint,
  event: { position: number; metadata: { timestamp: string } },
): boolean =>
  point.kind === 'position'
    ? event.position <= point.position
    : Date.parse(event.metadata.timestamp) <= point.epochMs;
