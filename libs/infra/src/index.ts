export * from './event-store/event-store.port';
export * from './sql/sql-client';
export * from './auth/api-key-store.port';
export * from './auth/sql-api-key-store';
export * from './auth/roles';
export * from './auth/principal';
export * from './auth/api-key';
export * from './auth/jwt-verifier';
export * from './auth/authenticator';
export * from './idempotency/idempotency-store.port';
export * from './idempotency/sql-idempotency-store';
export * from './sql/pg-sql-client';
export * from './sql/pglite-sql-client';
export * from './event-store/sql/sql-event-store';
export * from './event-store/sql/event-store-schema';
export { genesisHash } from './event-store/sql/event-hash';
export * from './event-store/postgres/create-postgres-event-store';
export * from './event-store/pglite/create-pglite-event-store';
export * from './event-store/checkpointed-projection/checkpointed-projection';
export * from './event-store/checkpointed-projection/checkpointed-projection-runner';
export {
  EventStoreDbEventStore,
  createEventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './event-store/eventstoredb/eventstoredb-event-store';
export * from './connectors/postgres/postgres-catalog';
export * from './connectors/source';
export * from './event-store/command-stream/migration-command-stream';
export { eventIdAt } from './event-store/command-stream/event-ids';
export * from './artifacts/artifact-store.port';
export * from './artifacts/local-directory-artifact-store';
export * from './pipeline-io/partition-descriptor';
export * from './pipeline-io/partition-writer';
export * from './pipeline-io/transform-executor';
export * from './pipeline-io/parquet-reader';
export { duckDbTypeOf } from './pipeline-io/duckdb-columns';
export * from './connectors/target/target-connector.port';
export * from './connectors/target/deliver-partitions';
export * from './connectors/target/pg-target-connector';
export * from './connectors/target/pglite-target-connector';
export * from './connectors/target/delivery-retry';
export {
  deliveryChecksum,
  digestText,
  recordText,
  rowDigest,
  tableDigestSql,
} from './connectors/target/delivery-checksum';
export { deliveryLedgerTable, createDeliveryLedgerSql } from './connectors/target/delivery-ledger';
export * from './pipeline';
export * from './llm/openai-mapping-refiner';
export * from './artifacts/s3-artifact-store';
export * from './artifacts/open-artifact-store';
export * from './signing/key-file-signer';
export * from './projections';
export * from './lineage';
export * from './audit';
export * from './webhooks';
