/** The read model of the crash test, shared by the test and its child process. */
export const crashProjectionName = 'crash-test';
export const crashTestBatchSize = 10;

export const crashReadModel = {
  create: (schema: string) =>
    `CREATE TABLE IF NOT EXISTS ${schema}.crash_read_model (event_id text PRIMARY KEY, position bigint NOT NULL)`,
  insert: (schema: string) =>
    `INSERT INTO ${schema}.crash_read_model (event_id, position) VALUES ($1, $2)`,
  positions: (schema: string) =>
    `SELECT position FROM ${schema}.crash_read_model ORDER BY position`,
};
