import type { DatabaseSchema, ForeignKeySchema } from '../catalog/catalog';

export interface DeferredConstraint {
  table: string;
  foreignKey: ForeignKeySchema;
  /** `cycle`: loaded before the table it references; `self`: rows may reference later rows. */
  cause: 'cycle' | 'self';
}

export interface LoadOrder {
  /** Referenced tables before the tables referencing them. */
  tables: string[];
  /** Constraints the loader must defer (or disable) until the whole load is in. */
  deferred: DeferredConstraint[];
  /** Each cycle met, as the tables still waiting on each other when it was broken. */
  cycles: string[][];
}

/**
 * Topological order of target tables by foreign key (Kahn), ties by name so the order is stable.
 * A cycle is broken at the table waiting on the fewest others; its foreign keys to tables not yet
 * loaded are reported as deferred. Foreign keys to tables outside `tables` are ignored.
 */
export const loadOrder = (target: DatabaseSchema, only?: readonly string[]): LoadOrder => {
  const tables = target.tables.filter((t) => !only || only.includes(t.name));
  const names = new Set(tables.map((t) => t.name));
  const deferred: DeferredConstraint[] = [];
  for (const t of tables) {
    for (const fk of t.foreignKeys) {
      if (fk.referencedTable === t.name)
        deferred.push({ table: t.name, foreignKey: fk, cause: 'self' });
    }
  }
  const pending = new Map(
    tables.map((t) => [
      t.name,
      t.foreignKeys.filter((fk) => fk.referencedTable !== t.name && names.has(fk.referencedTable)),
    ]),
  );
  const loaded: string[] = [];
  const cycles: string[][] = [];
  const waitingOn = (name: string) =>
    new Set(
      (pending.get(name) ?? []).map((fk) => fk.referencedTable).filter((r) => !loaded.includes(r)),
    ).size;
  while (pending.size > 0) {
    const remaining = [...pending.keys()].sort();
    const ready = remaining.find((name) => waitingOn(name) === 0);
    const next =
      ready ?? remaining.reduce((best, name) => (waitingOn(name) < waitingOn(best) ? name : best));
    if (ready === undefined) {
      cycles.push(remaining);
      for (const fk of pending.get(next) ?? []) {
        if (!loaded.includes(fk.referencedTable))
          deferred.push({ table: next, foreignKey: fk, cause: 'cycle' });
      }
    }
    loaded.push(next);
    pending.delete(next);
  }
  return { tables: loaded, deferred, cycles };
};
