import type { Projection } from '../../projection';
import { activityRowOf, activityTable } from './activity-row';

/**
 * The per-migration audit log: who did what, when, why, under which correlation. Insert only:
 * positions are unique, so applying an event twice would fail loudly instead of hiding it.
 */
export const activityProjection: Projection = {
  name: 'activity',
  version: 1,
  tables: (schema) => [
    activityTable.createTable(schema),
    `CREATE INDEX ON ${schema}.activity (migration_id, position)`,
  ],
  views: [
    {
      name: 'activity',
      select: (schema) => `SELECT position, migration_id, stream_id, revision, event_type, actor,
        reason, correlation_id, causation_id, occurred_at, summary FROM ${schema}.activity`,
    },
  ],
  apply: async (events, tx, schema) => {
    await activityTable.insert(tx, schema, events.map(activityRowOf));
  },
};
