import type { SqlClient } from '../sql/sql-client';
import { ApiKeyStore, type ApiKeyRecord, type NewApiKey } from './api-key-store.port';
import { isoTimestamp } from './sql-timestamps';

interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  created_by: string;
  created_at: unknown;
  revoked_at: unknown;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS api_keys (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    role text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
  )`;
const COLUMNS = 'id, name, role, created_by, created_at, revoked_at';
// Serialises concurrent schema creation by several API instances on one PostgreSQL.
const SCHEMA_LOCK = 7_357_001;

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdBy: row.created_by,
  createdAt: isoTimestamp(row.created_at),
  ...(row.revoked_at ? { revokedAt: isoTimestamp(row.revoked_at) } : {}),
});

/** API keys in the `api_keys` table, through the SqlClient port (PGlite or PostgreSQL). */
export class SqlApiKeyStore extends ApiKeyStore {
  constructor(private readonly sql: SqlClient) {
    super();
  }

  override async ensureSchema(): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await tx.query(SCHEMA);
    });
  }

  override async create(key: NewApiKey): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.sql.query<ApiKeyRow>(
      `INSERT INTO api_keys (id, name, role, key_hash, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (name) DO NOTHING
       RETURNING ${COLUMNS}`,
      [key.id, key.name, key.role, key.keyHash, key.createdBy, key.createdAt],
    );
    return rows[0] && toRecord(rows[0]);
  }

  override async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.sql.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] && toRecord(rows[0]);
  }

  override async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.sql.query<ApiKeyRow>(
      `SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, name`,
    );
    return rows.map(toRecord);
  }

  override async revoke(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      'UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL',
      [id, at],
    );
    return rowCount > 0;
  }
}
