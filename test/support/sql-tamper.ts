import type { SqlExecutor } from '../../libs/infra/src/sql/sql-client';
import type { EventStoreSchema } from '../../libs/infra/src/event-store/sql/event-store-schema';
import type { EventStoreTamper } from '../contract/event-store.contract.types';

/** Edits event rows directly, as someone with database access could. */
export const sqlTamper = (sql: SqlExecutor, schema: EventStoreSchema): EventStoreTamper => ({
  editEventData: async (streamId, revision, data) => {
    await sql.query(
      `UPDATE ${schema.events} SET data = $3::text::jsonb WHERE stream_id = $1 AND revision = $2`,
      [streamId, revision, JSON.stringify(data)],
    );
  },
  deleteEvent: async (streamId, revision) => {
    await sql.query(`DELETE FROM ${schema.events} WHERE stream_id = $1 AND revision = $2`, [
      streamId,
      revision,
    ]);
  },
});
