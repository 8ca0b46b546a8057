import type { Migration } from '@sensei/domain';
import type { RunOutcome } from '@sensei/infra';

const out = (text = '') => process.stdout.write(`${text}\n`);

const mappingCounts = (migration: Migration) => {
  const counts = new Map<string, number>();
  for (const mapping of migration.mappings.values()) {
    counts.set(mapping.status, (counts.get(mapping.status) ?? 0) + 1);
  }
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'none';
};

/** Prints where the migration stands; the exit status: 0 completed, 2 waiting on a human, 1 else. */
export const printOutcome = (outcome: RunOutcome): number => {
  const { migration } = outcome;
  out(`migration ${migration.migrationId}: ${migration.status}`);
  out(`  source       ${migration.source.kind} ${migration.source.uri}`);
  out(`  target       ${migration.target.kind} ${migration.target.uri}`);
  if (migration.ingestion) {
    const pii = migration.ingestion.tables.flatMap((t) =>
      (t.piiColumns ?? []).map((c) => `${t.name}.${c}`),
    );
    out(
      `  ingested     ${migration.ingestion.rowCount} rows, ${migration.ingestion.tables.length} tables`,
    );
    out(`  pii columns  ${pii.length > 0 ? pii.join(', ') : 'none found'}`);
  }
  out(`  mappings     ${mappingCounts(migration)}`);
  const output = migration.transformation?.output;
  if (output)
    out(`  transformed  ${output.rowCount ?? '?'} rows, sql ${output.sqlHash.slice(0, 12)}`);
  const certificate = migration.certificate;
  if (certificate) {
    out(
      `  certificate  ${certificate.status} ${certificate.certificateId} (${certificate.summary ?? ''})`,
    );
  }
  const receipt = migration.delivery?.receipt;
  if (receipt) {
    out(
      `  delivered    ${Object.values(receipt.rowsPerTable).reduce((a, b) => a + b, 0)} rows in ${receipt.batchCount ?? '?'} batches, ${receipt.elapsedMs} ms`,
    );
    for (const [table, rows] of Object.entries(receipt.rowsPerTable))
      out(`    ${table.padEnd(24)} ${rows}`);
    out(
      `  checksum     ${receipt.checksum}${receipt.verifiedInTarget ? ' (read back from the target: equal)' : ''}`,
    );
  }
  switch (outcome.status) {
    case 'completed':
      return 0;
    case 'awaiting_review':
      out();
      out(
        `${outcome.pendingMappingIds.length} mappings wait for review (confidence below ${migration.config.reviewThreshold}):`,
      );
      out(`  sensei review list ${migration.migrationId}`);
      out(`  sensei review approve|reject ${migration.migrationId} <mappingId>`);
      out(`  then: sensei resume ${migration.migrationId}`);
      return 2;
    case 'halted':
      out();
      out(`halted: ${outcome.reason}`);
      if (migration.halt?.cause.type === 'certificate') {
        out('nothing was delivered. Inspect the evidence, then re-verify after a fix, or cancel:');
        out(`  sensei certificate ${migration.migrationId} --out <dir>   (certificate + evidence)`);
        out(`  sensei resume ${migration.migrationId} --reason <why>`);
        out(`  sensei cancel ${migration.migrationId} --reason <why>`);
      }
      return 1;
    case 'cancelled':
      return 1;
  }
};
