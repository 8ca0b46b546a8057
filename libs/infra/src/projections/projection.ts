import { SenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { SqlExecutor } from '../sql/sql-client';

/** A view a projection publishes in schema `read`: the stable name readers query. */
export interface ReadView {
  name: string;
  /** The SELECT behind the view, over the tables of one build's schema. */
  select(schema: string): string;
}

/**
 * A read model fed from `$all`. Its tables live in a schema of their own per build (for example
 * `read_migrations_v1`), so a new build can fill fresh tables from position 0 while the old one
 * serves; readers only ever see the views in `read`.
 */
export interface Projection {
  /** Lower-case letters, digits and _; names the schema and the checkpoint. */
  name: string;
  /** Bump when the tables or the fold change: the next start builds the new version beside the old. */
  version: number;
  /** CREATE TABLE / CREATE INDEX statements for one build's schema. */
  tables(schema: string): string[];
  views: ReadView[];
  /**
   * Applies a batch of events in position order through `tx`, the transaction that also moves the
   * checkpoint. Must write in bulk (a few statements per batch, not one per event) and keep no
   * state outside the database: a failed batch is retried, or split, on the same tables.
   */
  apply(events: readonly RecordedEvent[], tx: SqlExecutor, schema: string): Promise<void>;
}

/** One build of a projection: the code version it runs and the schema its tables live in. */
export interface ProjectionBuild {
  name: string;
  version: number;
  /** 1 for the first build of a version, then 2, 3, ... for rebuilds of the same version. */
  build: number;
  /** `<name>@v<version>`, with `.<build>` for rebuilds: the checkpoint's name. */
  checkpoint: string;
  schema: string;
}

const projectionName = /^[a-z][a-z0-9_]{0,30}$/;

export const assertProjectionName = (name: string): void => {
  if (!projectionName.test(name)) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `Projection name "${name}" is not allowed: use lower-case letters, digits and _ (at most 31)`,
      { projection: name },
    );
  }
};

export const projectionBuild = (name: string, version: number, build: number): ProjectionBuild => {
  assertProjectionName(name);
  const rebuild = build > 1;
  return {
    name,
    version,
    build,
    checkpoint: `${name}@v${version}${rebuild ? `.${build}` : ''}`,
    schema: `read_${name}_v${version}${rebuild ? `_${build}` : ''}`,
  };
};
