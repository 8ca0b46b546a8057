import type { ExpectationConfig, TableSchema } from '@sensei/domain';
import type { TablePair, VerificationInput } from '../verification-input';
import { StatementRunner } from '../row-diff/sql-text';
import { RELATED_TABLE_EXPECTATION } from './expectation-catalog';

/** Target schemas may qualify names (`public.invoice`); pairs use the bare table name. */
export const sameTable = (schemaName: string, table: string): boolean =>
  schemaName === table || schemaName.split('.').pop() === table.split('.').pop();

const derived = (
  expectation_type: string,
  kwargs: Record<string, unknown>,
  derivedFrom: string,
): ExpectationConfig => ({ expectation_type, kwargs, meta: { sensei: { derivedFrom } } });

const uniqueness = (columns: string[], derivedFrom: string) =>
  columns.length === 1
    ? derived('expect_column_values_to_be_unique', { column: columns[0] }, derivedFrom)
    : derived('expect_compound_columns_to_be_unique', { column_list: columns }, derivedFrom);

/** What the target's constraints promise about one table's rows. */
const fromConstraints = (
  pair: TablePair,
  schema: TableSchema,
  pairs: readonly TablePair[],
): ExpectationConfig[] => {
  const compared = new Set(pair.columns.map((c) => c.target));
  const known = (columns: string[]) => columns.length > 0 && columns.every((c) => compared.has(c));
  const expectations: ExpectationConfig[] = [];
  for (const column of schema.columns.filter((c) => compared.has(c.name))) {
    if (!column.nullable)
      expectations.push(
        derived('expect_column_values_to_not_be_null', { column: column.name }, 'NOT NULL'),
      );
    if (column.type === 'text' && column.maxLength !== undefined)
      expectations.push(
        derived(
          'expect_column_value_lengths_to_be_between',
          { column: column.name, min_value: null, max_value: column.maxLength },
          `${column.nativeType} length`,
        ),
      );
  }
  const uniqueSets = new Map<string, { columns: string[]; from: string }>();
  const addUnique = (columns: string[], from: string) => {
    const id = [...columns].sort().join('\u0000');
    if (known(columns) && !uniqueSets.has(id)) uniqueSets.set(id, { columns, from });
  };
  addUnique(schema.primaryKey, 'primary key');
  for (const columns of schema.uniqueKeys) addUnique(columns, 'unique constraint');
  for (const index of schema.indexes.filter((i) => i.unique))
    addUnique(index.columns, `unique index ${index.name}`);
  for (const { columns, from } of uniqueSets.values()) expectations.push(uniqueness(columns, from));
  for (const fk of schema.foreignKeys) {
    const related = pairs.find((p) => sameTable(fk.referencedTable, p.targetTable));
    // A reference to a table this run does not verify cannot be checked here.
    if (!related || !known(fk.columns)) continue;
    const single = fk.columns.length === 1;
    expectations.push(
      derived(
        RELATED_TABLE_EXPECTATION,
        {
          ...(single ? { column: fk.columns[0] } : { column_list: fk.columns }),
          related_table: related.targetTable,
          ...(single
            ? { related_column: fk.referencedColumns[0] }
            : { related_column_list: fk.referencedColumns }),
        },
        `foreign key ${fk.name ?? fk.columns.join(', ')}`,
      ),
    );
  }
  return expectations;
};

/** Derived expectations, keyed by target table, through a runner that counts statements. */
export const deriveExpectationsWith = async (
  runner: StatementRunner,
  input: VerificationInput,
): Promise<Record<string, ExpectationConfig[]>> => {
  const suites: Record<string, ExpectationConfig[]> = {};
  for (const pair of input.tables) {
    const schema = input.targetSchema.find((s) => sameTable(s.name, pair.targetTable));
    const [count] = await runner.rows(`SELECT count(*) AS n FROM ${pair.sourceRelation}`);
    suites[pair.targetTable] = [
      derived(
        'expect_table_row_count_to_equal',
        { value: Number(count?.n ?? 0) },
        `source row count of ${pair.sourceTable}`,
      ),
      ...(schema ? fromConstraints(pair, schema, input.tables) : []),
    ];
  }
  return suites;
};

/**
 * Great Expectations-style expectations the target's constraints imply for each verified table
 * (NOT NULL, primary and unique keys, foreign keys to verified tables, bounded text lengths),
 * plus the row count of its source.
 */
export const deriveExpectations = (
  input: VerificationInput,
): Promise<Record<string, ExpectationConfig[]>> =>
  deriveExpectationsWith(new StatementRunner(input.connection), input);
