/**
 * The Sensei side of `npm run bench:migrate`: one migration, run in-process with the CLI's own
 * runtime (PGlite event store and local artifact store under BENCH_DATA_DIR), exactly as
 * `sensei migrate --target-schema` runs it. Mappings left waiting for review are approved here,
 * programmatically, as the actor `cli:bench` (each approval is an event, as a reviewer's is), and
 * the run resumes. Prints one JSON line (prefixed `BENCH_RESULT `) with the phase spans taken from
 * the migration's own event timestamps and the peak RSS sampled every 50 ms.
 *
 *   node -r ./test/support/register-ts.js test/bench/migrate-child.ts
 *
 * Environment: BENCH_SOURCE_URL, BENCH_TARGET_URL, BENCH_TARGET_SCHEMA (a DDL file),
 * BENCH_DATA_DIR, BENCH_BATCH_ROWS (delivery batch, default: the pipeline's 10,000).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { migrationStreamId, type MigrationConfig } from '@sensei/domain';
import { runMigration, schemaOfDdl, type PipelinePhase, type RunOutcome } from '@sensei/infra';
import { openRuntime, pipelineContext } from '../../apps/cli/src/cli-runtime';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const startMemorySampler = () => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    peek: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
};

/** Each phase from its start event to its checkpoint event, as recorded. */
const phaseSpans: Array<{ phase: PipelinePhase; from: string; to: string }> = [
  { phase: 'ingestion', from: 'IngestionStarted', to: 'IngestionCompleted' },
  { phase: 'mapping', from: 'IngestionCompleted', to: 'TransformationStarted' },
  { phase: 'transformation', from: 'TransformationStarted', to: 'TransformationCompleted' },
  { phase: 'verification', from: 'VerificationStarted', to: 'CertificateIssued' },
  { phase: 'delivery', from: 'DeliveryStarted', to: 'DeliveryConfirmed' },
];

const main = async () => {
  const memory = startMemorySampler();
  const started = Date.now();
  const runtime = await openRuntime({ dataDir: env('BENCH_DATA_DIR') });
  const approved: string[] = [];
  let outcome: RunOutcome;
  const migrationId = randomUUID();
  try {
    const ddl = readFileSync(env('BENCH_TARGET_SCHEMA'), 'utf8');
    const config: MigrationConfig = {
      targetSchemaArtifact: (await runtime.artifacts.put(Buffer.from(ddl, 'utf8'))).hash,
    };
    if (process.env.BENCH_BATCH_ROWS) config.batchSize = Number(process.env.BENCH_BATCH_ROWS);
    const context = await pipelineContext(
      runtime,
      {
        phaseStarted: () => undefined,
        tableProgress: () => undefined,
        // The peak so far at each phase's end tells which phase sets the process's peak.
        phaseDone: (phase, summary) =>
          process.stderr.write(
            `  sensei ${phase}: ${summary} (peak RSS so far ${Math.round(memory.peek() / 2 ** 20)} MiB)\n`,
          ),
      },
      new Map(),
    );
    // As `sensei migrate` does: the DDL is checked before anything is recorded, parsed by the
    // target in a rolled-back transaction (a scratch PGlite only when the target cannot).
    const target = await context.openTarget({ kind: 'postgres', uri: env('BENCH_TARGET_URL') });
    try {
      await target.parseDdl(ddl).catch(() => schemaOfDdl(ddl));
    } finally {
      await target.close();
    }
    const metadata = () => ({
      eventId: randomUUID(),
      correlationId: context.correlationId,
      causationId: context.correlationId,
      actor: 'cli:bench',
      timestamp: new Date().toISOString(),
    });
    await runtime.commands.handle({
      type: 'RequestMigration',
      data: {
        migrationId,
        source: { kind: 'postgres', uri: env('BENCH_SOURCE_URL') },
        target: { kind: 'postgres', uri: env('BENCH_TARGET_URL') },
        config,
      },
      metadata: metadata(),
    });
    outcome = await runMigration(context, migrationId);
    while (outcome.status === 'awaiting_review') {
      for (const mappingId of outcome.pendingMappingIds) {
        await runtime.commands.handle({
          type: 'ApproveMapping',
          data: { migrationId, mappingId, note: 'approved by the migrate benchmark' },
          metadata: metadata(),
        });
        approved.push(mappingId);
      }
      outcome = await runMigration(context, migrationId);
    }
    const events = await runtime.commands.read(migrationStreamId(migrationId));
    const at = (type: string) => {
      const event = events.find((candidate) => candidate.type === type);
      return event ? Date.parse(event.metadata.timestamp) : undefined;
    };
    const phases = Object.fromEntries(
      phaseSpans.map(({ phase, from, to }) => {
        const [start, end] = [at(from), at(to)];
        return [phase, start !== undefined && end !== undefined ? (end - start) / 1000 : null];
      }),
    );
    const requested = at('MigrationRequested') ?? started;
    const completed = at('MigrationCompleted') ?? Date.now();
    const mappings = [...outcome.migration.mappings.values()].map((m) => ({
      from: `${m.sourceTable}.${m.sourceColumn}`,
      to: `${m.targetTable}.${m.targetColumn}`,
      confidence: Number(m.confidence.toFixed(3)),
      status: m.status,
    }));
    const result = {
      status: outcome.status,
      rowCount: outcome.migration.delivery?.receipt?.rowsPerTable,
      phases,
      migrationSeconds: (completed - requested) / 1000,
      approvedByBench: approved.length,
      mappings,
      peakRss: memory.stop(),
      maxRss: process.resourceUsage().maxRSS * 1024,
      halt: outcome.status === 'halted' ? outcome.reason : undefined,
    };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await runtime.close();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
