export * from './source-connector.port';
export * from './open-source-connector';
export {
  PostgresSourceConnector,
  type PostgresSourceOptions,
} from './postgres/postgres-source-connector';
export { MysqlSourceConnector, type MysqlSourceOptions } from './mysql/mysql-source-connector';
export { SqliteSourceConnector } from './sqlite/sqlite-source-connector';
export { FileSourceConnector, type FileFormat } from './file/file-source-connector';
export { toSourceValue } from './source-values';
