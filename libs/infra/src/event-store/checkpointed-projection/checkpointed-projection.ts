import type { SqlExecutor } from '../../sql/sql-client';
import type { RecordedEvent } from '../event-store.port';

/**
 * A read model fed from `$all`. `handle` writes through `tx`, the transaction that also moves
 * the projection's checkpoint: both commit or neither does, so a crash never loses an event
 * and never applies one twice.
 */
export interface CheckpointedProjection {
  /** Names the checkpoint row; renaming it replays the projection from the start. */
  name: string;
  handle(events: RecordedEvent[], tx: SqlExecutor): Promise<void>;
}
