import { type Command, CommanderError } from 'commander';
import type { CliSettings } from '../cli-runtime';
import { auditExit } from './audit-runtime';
import { auditExport } from './audit-export.command';
import { auditLog } from './audit-log.command';
import { auditReplay } from './audit-replay.command';
import { auditVerify, type AuditVerifyOptions } from './audit-verify.command';

type Run = (work: () => Promise<number>) => Promise<void>;

/** Usage mistakes exit 2, so 1 always means "tampered". */
const usageExits2 = (error: CommanderError) => {
  if (error.exitCode === 0) throw error;
  throw new CommanderError(auditExit.usage, error.code, error.message);
};

/** `sensei audit log|replay|verify|export`: the audit trail, for compliance teams. */
export const registerAuditCommands = (program: Command, settings: () => CliSettings, run: Run) => {
  const audit = program
    .command('audit')
    .description('the audit trail: decisions, replay, tamper checks, signed export')
    .exitOverride(usageExits2);

  audit
    .command('log <migrationId>')
    .description('every decision of a migration, in order: actor, time, reason, correlation')
    .option('--json', 'print JSON for machines')
    .exitOverride(usageExits2)
    .action((id: string, options: { json?: boolean }) =>
      run(() => auditLog(id, options, settings())),
    );

  audit
    .command('replay <migrationId>')
    .description("rebuild a migration's state as it stood at a position or time, from its events")
    .option(
      '--at <time|position>',
      'a global position, or an ISO-8601 time with a zone (default: now)',
    )
    .option('--json', 'print the state as JSON')
    .exitOverride(usageExits2)
    .action((id: string, options: { at?: string; json?: boolean }) =>
      run(() => auditReplay(id, options, settings())),
    );

  audit
    .command('verify [migration|bundle.json]')
    .description(
      'check the hash chains of a migration (or of every stream) and the global positions; ' +
        'or an exported bundle, offline. Exit 0 intact, 1 tampered, 2 usage',
    )
    .option('--public-key <file>', 'the key a bundle must be signed with: 64 hex characters or PEM')
    .exitOverride(usageExits2)
    .action((argument: string | undefined, options: AuditVerifyOptions) =>
      run(() => auditVerify(argument, options, settings())),
    );

  audit
    .command('export <migrationId>')
    .description(
      'write one signed, self-contained bundle: events, chains, certificates, public key',
    )
    .option('--out <file>', 'where to write it (default: ./sensei-audit-<migrationId>.json)')
    .exitOverride(usageExits2)
    .action((id: string, options: { out?: string }) =>
      run(() => auditExport(id, options, settings())),
    );
};
