import { segmentFilter, type Segment } from './segment-checksums';
import { quoteIdentifier as q, type StatementRunner } from './sql-text';
import type { ColumnComparison } from './tolerance-sql';

/** A table without a key: its rows compare as a multiset of tolerance-hashed rows. */
export interface MultisetPlan {
  expectedRelation: string;
  targetRelation: string;
  columns: ColumnComparison[];
  rowHash: string;
}

export interface SampleRow {
  row: Record<string, unknown>;
  /** How many more times it is on this side than on the other. */
  times: number;
}

export interface MultisetDiff {
  missing: number;
  extra: number;
  /** Rows whose hashes differ but that pair up within the tolerances (bucket boundaries). */
  pairedWithinTolerance: number;
  missingSamples: SampleRow[];
  extraSamples: SampleRow[];
}

/** Rows of the nested-loop pairing join above which pairing is not attempted. */
const maxPairingWork = 50_000_000;

/** Distinct row hashes one side has more often than the other, a representative row each. */
const surplusSql = (
  plan: MultisetPlan,
  leaves: readonly Segment[],
  from: 'e' | 't',
  table: string,
) => {
  const other = from === 'e' ? 't' : 'e';
  const side = (relation: string) =>
    `SELECT ${plan.rowHash} AS h, count(*) AS n` +
    plan.columns.map((c, i) => `, any_value(${q(c.column)}) AS v${i}`).join('') +
    ` FROM ${relation} WHERE ${segmentFilter(plan.rowHash, leaves)} GROUP BY h`;
  return (
    `CREATE OR REPLACE TEMP TABLE ${table} AS WITH e AS (${side(plan.expectedRelation)}), ` +
    `t AS (${side(plan.targetRelation)}) SELECT ${from}.* REPLACE (${from}.n - coalesce(${other}.n, 0) AS n) ` +
    `FROM ${from} LEFT JOIN ${other} USING (h) WHERE ${from}.n > coalesce(${other}.n, 0)`
  );
};

/** Greedy one-to-one pairing of surplus rows that are equal within the tolerances. */
const pairWithinTolerance = (pairs: Record<string, unknown>[]) => {
  const left = new Map<string, number>();
  const right = new Map<string, number>();
  const paired = { e: new Map<string, number>(), t: new Map<string, number>(), total: 0 };
  for (const pair of pairs) {
    const [eh, th] = [String(pair.eh), String(pair.th)];
    const available = Math.min(left.get(eh) ?? Number(pair.en), right.get(th) ?? Number(pair.tn));
    left.set(eh, (left.get(eh) ?? Number(pair.en)) - available);
    right.set(th, (right.get(th) ?? Number(pair.tn)) - available);
    paired.e.set(eh, (paired.e.get(eh) ?? 0) + available);
    paired.t.set(th, (paired.t.get(th) ?? 0) + available);
    paired.total += available;
  }
  return paired;
};

export const multisetLeafDiff = async (
  runner: StatementRunner,
  plan: MultisetPlan,
  leaves: readonly Segment[],
  sampleLimit: number,
  table: string,
): Promise<MultisetDiff> => {
  const [surplusE, surplusT] = [`${table}_e`, `${table}_t`];
  await runner.run(surplusSql(plan, leaves, 'e', surplusE));
  await runner.run(surplusSql(plan, leaves, 't', surplusT));
  try {
    const [sizes = {}] = await runner.rows(
      `SELECT (SELECT count(*) FROM ${surplusE}) AS ec, (SELECT coalesce(sum(n), 0) FROM ${surplusE}) AS en, ` +
        `(SELECT count(*) FROM ${surplusT}) AS tc, (SELECT coalesce(sum(n), 0) FROM ${surplusT}) AS tn`,
    );
    const work = Number(sizes.ec) * Number(sizes.tc);
    const pairs =
      work > 0 && work <= maxPairingWork
        ? await runner.rows(
            `SELECT e.h AS eh, e.n AS en, t.h AS th, t.n AS tn FROM ${surplusE} e JOIN ${surplusT} t ON ` +
              plan.columns.map((c, i) => c.equal(`e.v${i}`, `t.v${i}`)).join(' AND ') +
              ' ORDER BY e.h, t.h',
          )
        : [];
    const paired = pairWithinTolerance(pairs);
    const samples = async (surplus: string, pairedByHash: Map<string, number>) => {
      const order = plan.columns.map((_, i) => `v${i}`).join(', ');
      const rows = await runner.rows(
        `SELECT * FROM ${surplus} ORDER BY ${order}, h LIMIT ${sampleLimit + pairedByHash.size}`,
      );
      return rows
        .map((row) => ({
          row: Object.fromEntries(plan.columns.map((c, i) => [c.column, row[`v${i}`]])),
          times: Number(row.n) - (pairedByHash.get(String(row.h)) ?? 0),
        }))
        .filter((sample) => sample.times > 0)
        .slice(0, sampleLimit);
    };
    return {
      missing: Number(sizes.en) - paired.total,
      extra: Number(sizes.tn) - paired.total,
      pairedWithinTolerance: paired.total,
      missingSamples: await samples(surplusE, paired.e),
      extraSamples: await samples(surplusT, paired.t),
    };
  } finally {
    await runner.run(`DROP TABLE IF EXISTS ${surplusE}`);
    await runner.run(`DROP TABLE IF EXISTS ${surplusT}`);
  }
};
