/**
 * Catalog queries in the dialect PostgreSQL and PGlite share. They read `pg_catalog` (not
 * `information_schema`, which hides objects the current role does not own) and return one row per
 * key column, grouped in TypeScript, so no driver-specific array parsing is involved. `$1` is the
 * schema filter: a schema name, or NULL for every user schema.
 */
const userSchema = `(n.nspname::text = $1::text OR ($1::text IS NULL AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'))`;

export const tablesQuery = `
SELECT n.nspname AS schema_name, c.relname AS table_name, c.reltuples::float8 AS estimated_rows
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND ${userSchema}
ORDER BY n.nspname, c.relname`;

export const columnsQuery = `
SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS column_name,
  format_type(a.atttypid, a.atttypmod) AS native_type, bt.typname AS type_name,
  t.typtype AS type_kind, a.atttypmod AS typmod, NOT a.attnotnull AS nullable,
  pg_get_expr(d.adbin, d.adrelid) AS default_expression,
  (a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%') AS generated
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND ${userSchema}
ORDER BY n.nspname, c.relname, a.attnum`;

export const constraintsQuery = `
SELECT n.nspname AS schema_name, c.relname AS table_name, con.conname AS constraint_name,
  con.contype AS kind, a.attname AS column_name, rn.nspname AS ref_schema, rc.relname AS ref_table,
  ra.attname AS ref_column
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[k.ord]
WHERE con.contype IN ('p', 'u', 'f') AND ${userSchema}
ORDER BY n.nspname, c.relname, con.conname, k.ord`;

/** Secondary indexes only: those backing a primary or unique key are reported as keys. */
export const indexesQuery = `
SELECT n.nspname AS schema_name, c.relname AS table_name, i.relname AS index_name,
  ix.indisunique AS is_unique,
  CASE WHEN k.attnum > 0 THEN a.attname ELSE pg_get_indexdef(ix.indexrelid, k.ord::int, true) END
    AS column_name
FROM pg_index ix
JOIN pg_class c ON c.oid = ix.indrelid
JOIN pg_class i ON i.oid = ix.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
WHERE c.relkind IN ('r', 'p') AND k.ord <= ix.indnkeyatts AND ${userSchema}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid
    AND con.contype IN ('p', 'u'))
ORDER BY n.nspname, c.relname, i.relname, k.ord`;
