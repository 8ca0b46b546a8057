#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import type { CliSettings } from './cli-runtime';
import { reportError } from './cli-errors';
import { registerAuditCommands } from './commands/audit.command';
import { exportCertificate, type ExportCertificateOptions } from './commands/certificate.command';
import { migrate } from './commands/migrate.command';
import { cancel, resume } from './commands/resume.command';
import { reviewDecision, reviewEdit, reviewList } from './commands/review.command';
import { status } from './commands/status.command';
import { verify, verifyExit, type VerifyOptions } from './commands/verify.command';

const program = new Command('sensei')
  .description(
    'Move a database to another system, mapped, verified and delivered; every step an event.',
  )
  .option(
    '--data-dir <dir>',
    'where events (PGlite) and artifacts are kept',
    process.env.SENSEI_HOME ?? '.sensei',
  )
  .exitOverride()
  .showHelpAfterError('(sensei --help lists the commands)');

const settings = (): CliSettings => ({ dataDir: program.opts<{ dataDir: string }>().dataDir });
let exitCode = 0;
const run = (work: () => Promise<number>) => async () => {
  exitCode = await work();
};

program
  .command('migrate')
  .description('migrate a source database or file into a target, end to end')
  .requiredOption(
    '--source <url|file>',
    'postgres://…, mysql://…, a .sqlite/.db file, a .csv or .parquet file',
  )
  .requiredOption(
    '--target <url|dir>',
    'postgres://… or a directory for an embedded PGlite database',
  )
  .option(
    '--target-schema <file.sql>',
    'DDL of the target schema (created in the target if absent)',
  )
  .option(
    '--config <migration.yaml>',
    'settings: tables, sampleSize, batchSize, rowsPerPartition, reviewThreshold, pii',
  )
  .option('--id <migrationId>', 'choose the migration id (default: a new UUID)')
  .action((options: Parameters<typeof migrate>[0]) => run(() => migrate(options, settings()))());

program
  .command('status <migrationId>')
  .description("show a migration's state, from its events")
  .action((id: string) => run(() => status(id, settings()))());

program
  .command('resume <migrationId>')
  .description(
    'continue a migration from its last event (after review, a crash, or a halt: then verification runs again)',
  )
  .option('--reason <text>', 'why a halted migration may go on (for the audit trail)')
  .action((id: string, options: { reason?: string }) =>
    run(() => resume(id, options.reason, settings()))(),
  );

program
  .command('cancel <migrationId>')
  .description('end a migration for good (e.g. after a FAILED certificate); nothing is delivered')
  .requiredOption('--reason <text>', 'why (for the audit trail)')
  .action((id: string, options: { reason: string }) =>
    run(() => cancel(id, options.reason, settings()))(),
  );

const review = program.command('review').description('review low-confidence mappings');
review
  .command('list <migrationId>')
  .option('--all', 'every mapping, not only those waiting')
  .action((id: string, options: { all?: boolean }) =>
    run(() => reviewList(id, options.all ?? false, settings()))(),
  );
for (const decision of ['approve', 'reject'] as const) {
  review
    .command(`${decision} <migrationId> <mappingId>`)
    .option('--reason <text>', decision === 'approve' ? 'note for the audit trail' : 'why')
    .action((id: string, mappingId: string, options: { reason?: string }) =>
      run(() => reviewDecision(decision, id, mappingId, options.reason, settings()))(),
    );
}

review
  .command('edit <migrationId> <mappingId>')
  .description('replace a mapping by a corrected one (recorded as proposed and approved by you)')
  .option('--source-table <name>')
  .option('--source-column <name>')
  .option('--target-table <name>')
  .option('--target-column <name>')
  .option('--expression <duckdb-sql>', "expression over the source column ('identity' resets it)")
  .option('--rationale <text>')
  .action((id: string, mappingId: string, options: Parameters<typeof reviewEdit>[2]) =>
    run(() => reviewEdit(id, mappingId, options, settings()))(),
  );

program
  .command('verify <certificate.json>')
  .description(
    'check a certificate offline: its signature, every evidence file and, given them, the data partitions it certifies (no database needed)',
  )
  .option(
    '--evidence <dir|s3-url>',
    'where the evidence files are (default: beside the certificate)',
  )
  .option(
    '--partitions <dir|s3-url>',
    "where the checkpoint's source and transformed partitions are, each hashed against the certificate (default: partitions/ beside it, when there)",
  )
  .option('--public-key <file>', 'the key it must be signed with: 64 hex characters or PEM')
  .exitOverride((error) => {
    // Usage mistakes exit 2, so 1 always means "not authentic".
    if (error.exitCode === 0) throw error;
    throw new CommanderError(verifyExit.usage, error.code, error.message);
  })
  .action((file: string, options: VerifyOptions) => run(() => verify(file, options))());

program
  .command('certificate <migrationId>')
  .description(
    "export a migration's signed certificate, its evidence, public key and (on request) partitions for `verify`",
  )
  .requiredOption(
    '--out <dir>',
    'directory to write certificate.json, evidence/ and public-key.pem',
  )
  .option(
    '--with-partitions',
    'also write every checkpoint partition (Parquet) to partitions/<hash>, for `verify --partitions`',
  )
  .action((id: string, options: ExportCertificateOptions) =>
    run(() => exportCertificate(id, options, settings()))(),
  );

registerAuditCommands(program, settings, (work) => run(work)());

program
  .parseAsync(process.argv)
  .then(() => process.exit(exitCode))
  .catch((error: unknown) => process.exit(reportError(error)));
