import DataLoader from 'dataloader';
import type {
  ActivityQuery,
  ActivityRecord,
  CertificateRecord,
  DeliveryReceiptRecord,
  MappingRecord,
  MigrationRecord,
  MigrationTableRecord,
  PiiFindingRecord,
  ReadModelRepository,
} from '@sensei/infra';

const groupBy = <Row>(rows: readonly Row[], keyOf: (row: Row) => string): Map<string, Row[]> => {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
};

/** A loader answering each key with the rows that name it (an empty list when none do). */
const listLoader = <Row>(
  fetch: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
) =>
  new DataLoader<string, Row[]>(async (keys) => {
    const groups = groupBy(await fetch(keys), keyOf);
    return keys.map((key) => groups.get(key) ?? []);
  });

/** A loader answering each key with the one row that names it, or undefined. */
const oneLoader = <Row>(
  fetch: (keys: readonly string[]) => Promise<Row[]>,
  keyOf: (row: Row) => string,
) =>
  new DataLoader<string, Row | undefined>(async (keys) => {
    const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
    return keys.map((key) => byKey.get(key));
  });

/** One loader per distinct set of arguments (a field asked with two filters batches twice). */
class LoaderFamily<Args, Value> {
  private readonly loaders = new Map<string, DataLoader<string, Value>>();

  constructor(private readonly create: (args: Args) => DataLoader<string, Value>) {}

  for(args: Args): DataLoader<string, Value> {
    const key = JSON.stringify(args);
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = this.create(args);
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/**
 * The batching loaders of one GraphQL request (or one subscription update): every field of every
 * migration in a list is fetched with one query per field, whatever the list's length. Built per
 * request so nothing is cached across requests or users.
 */
export class RequestLoaders {
  readonly migration: DataLoader<string, MigrationRecord | undefined>;
  readonly tables: DataLoader<string, MigrationTableRecord[]>;
  readonly mappings: LoaderFamily<readonly string[] | undefined, MappingRecord[]>;
  readonly certificate: DataLoader<string, CertificateRecord | undefined>;
  readonly certificates: DataLoader<string, CertificateRecord[]>;
  readonly receipt: DataLoader<string, DeliveryReceiptRecord | undefined>;
  readonly piiFindings: DataLoader<string, PiiFindingRecord[]>;
  readonly activity: LoaderFamily<ActivityQuery, ActivityRecord[]>;

  constructor(readonly repository: ReadModelRepository) {
    this.migration = oneLoader(
      (ids) => repository.migrationsByIds(ids),
      (row) => row.migrationId,
    );
    this.tables = listLoader(
      (ids) => repository.tablesOf(ids),
      (row) => row.migrationId,
    );
    this.mappings = new LoaderFamily((statuses) =>
      listLoader(
        (ids) => repository.mappingsOf(ids, statuses),
        (row) => row.migrationId,
      ),
    );
    this.certificate = oneLoader(
      (ids) => repository.certificatesByIds(ids),
      (row) => row.certificateId,
    );
    this.certificates = listLoader(
      (ids) => repository.certificatesOf(ids),
      (row) => row.migrationId,
    );
    this.receipt = oneLoader(
      (ids) => repository.receiptsOf(ids),
      (row) => row.migrationId,
    );
    this.piiFindings = listLoader(
      (ids) => repository.piiFindingsOf(ids),
      (row) => row.migrationId,
    );
    this.activity = new LoaderFamily((query) =>
      listLoader(
        (ids) => repository.activityOf(ids, query),
        (row) => row.migrationId,
      ),
    );
  }

  /** Rows already fetched by a list query answer later look-ups by id without a query. */
  primeMigrations(records: readonly MigrationRecord[]): void {
    for (const record of records) this.migration.prime(record.migrationId, record);
  }
}
