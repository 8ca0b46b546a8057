import { type AuditEntry, auditEntryOf } from '@sensei/infra';
import type { CliSettings } from '../cli-runtime';
import { auditAction, out, withAuditTrail } from './audit-runtime';

const oneLine = (text: string | undefined) => (text ?? '').replace(/[\t\r\n]+/g, ' ');

/** Tab-separated, every field whole: for `cut`, `awk` and spreadsheets. */
const plainLines = (entries: readonly AuditEntry[]) => {
  out('position\tstream\trevision\ttime\ttype\tactor\tsummary\treason\tcorrelation\tcausation');
  for (const e of entries) {
    out(
      [
        e.position,
        e.streamId,
        e.revision,
        e.time,
        e.type,
        e.actor,
        oneLine(e.summary),
        oneLine(e.reason),
        e.correlationId,
        e.causationId,
      ].join('\t'),
    );
  }
};

/** Aligned columns for a person at a terminal; ids shortened, the reason after the summary. */
const table = (entries: readonly AuditEntry[]) => {
  const rows = [
    ['POS', 'REV', 'TIME', 'TYPE', 'ACTOR', 'CORRELATION', 'DECISION'],
    ...entries.map((e) => [
      String(e.position),
      String(e.revision),
      e.time,
      e.type,
      e.actor,
      e.correlationId.slice(0, 8),
      oneLine(e.reason ? `${e.summary} (reason: ${e.reason})` : e.summary),
    ]),
  ];
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  for (const row of rows) {
    out(
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    );
  }
};

/** `sensei audit log <id>`: every decision of the migration, in the order it was taken. */
export const auditLog = (migrationId: string, options: { json?: boolean }, settings: CliSettings) =>
  auditAction(() =>
    withAuditTrail(settings, async ({ trail }) => {
      const streams = await trail.streamsOf(migrationId);
      const entries = (await trail.events(streams)).map(auditEntryOf);
      if (options.json) out(JSON.stringify({ migrationId, streams, entries }, null, 2));
      else if (process.stdout.isTTY) table(entries);
      else plainLines(entries);
      return 0;
    }),
  );
