import type { ColumnSchema, TableSchema } from '../catalog/catalog';
import type { LineageEdge } from '../migration/checkpoints';
import type { ColumnMapping } from '../migration/mapping';
import { SenseiError } from '../shared/sensei-error';
import { castTo, duckdbTypeOf, quoteIdentifier } from './duckdb-sql';
import { piiActionFor, type PiiPolicy } from '../ingestion/pii-policy';
import { protectedValue } from './pii-expression';
import { constantDefault } from './target-default';

export type ColumnOrigin = 'mapped' | 'masked' | 'hashed' | 'default' | 'null';

export interface ProjectedColumn {
  name: string;
  /** DuckDB type of the output column. */
  duckdbType: string;
  /** The SELECT item, without its alias. */
  expression: string;
  origin: ColumnOrigin;
}

/** What the SELECT does for one target column; `omitted` leaves it to the target database. */
export type Projection =
  | { kind: 'column'; column: ProjectedColumn; lineage?: LineageEdge }
  | { kind: 'omitted'; column: string; reason: string };

const fail = (message: string, target: string) =>
  new SenseiError('VALIDATION.FAILED', message, { field: 'mappings', target });

/** A target column nothing (or a dropped PII column) feeds: default, NULL, or the target's own. */
const fill = (table: TableSchema, column: ColumnSchema, why: string): Projection => {
  const type = duckdbTypeOf(column);
  const constant = constantDefault(column);
  if (constant !== undefined) {
    return {
      kind: 'column',
      column: {
        name: column.name,
        duckdbType: type,
        expression: castTo(constant, type),
        origin: 'default',
      },
    };
  }
  if (column.generated || column.defaultExpression !== undefined) {
    return {
      kind: 'omitted',
      column: column.name,
      reason: `${why}; the target generates it (${column.defaultExpression ?? 'identity'})`,
    };
  }
  if (column.nullable) {
    return {
      kind: 'column',
      column: {
        name: column.name,
        duckdbType: type,
        expression: castTo('NULL', type),
        origin: 'null',
      },
    };
  }
  throw fail(
    `${table.name}.${column.name} is NOT NULL without a default and ${why}`,
    `${table.name}.${column.name}`,
  );
};

export const projectColumn = (
  target: TableSchema,
  column: ColumnSchema,
  mapping: ColumnMapping | undefined,
  source: TableSchema | undefined,
  policy: PiiPolicy | undefined,
): Projection => {
  if (!mapping) return fill(target, column, 'no approved mapping fills it');
  if (!source?.columns.some((c) => c.name === mapping.sourceColumn)) {
    throw fail(
      `mapping ${mapping.mappingId} reads ${mapping.sourceTable}.${mapping.sourceColumn}, which the source does not have`,
      `${target.name}.${column.name}`,
    );
  }
  const action = piiActionFor(policy, mapping.sourceTable, mapping.sourceColumn);
  if (action === 'drop')
    return fill(target, column, 'its source is personal data dropped by policy');
  const value = mapping.expression ?? quoteIdentifier(mapping.sourceColumn);
  const transformed = protectedValue(value, action, column, `${target.name}.${column.name}`);
  const type = duckdbTypeOf(column);
  const expression = castTo(transformed, type);
  const identity = mapping.expression === undefined && action === 'keep';
  const origin: ColumnOrigin =
    action === 'mask' ? 'masked' : action === 'hash' ? 'hashed' : 'mapped';
  return {
    kind: 'column',
    column: { name: column.name, duckdbType: type, expression, origin },
    lineage: {
      mappingId: mapping.mappingId,
      source: `${mapping.sourceTable}.${mapping.sourceColumn}`,
      transform: identity ? 'identity' : expression,
      target: `${mapping.targetTable}.${mapping.targetColumn}`,
    },
  };
};
