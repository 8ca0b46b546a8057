import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGliteSqlClient } from '@sensei/infra';
import { bearer, call, eventsOf, startTestApi, type TestApi } from './support/test-api';

const fixtures = resolve(__dirname, '../../../test/fixtures/chinook');

/**
 * What a user of the API sees with the default SENSEI_AGENTS=inline: POST /migrations and the
 * migration runs through every phase on its own, into the target.
 */
describe('command API with inline agents (e2e)', () => {
  let api: TestApi;
  let scratch: string;
  let targetDir: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sensei-inline-agents-'));
    targetDir = join(scratch, 'target');
    const target = await PGliteSqlClient.open(targetDir);
    await target.pglite.exec(readFileSync(join(fixtures, 'chinook-target-schema.sql'), 'utf8'));
    await target.close();
    api = await startTestApi({ agents: 'inline', artifactDir: join(scratch, 'artifacts') });
  }, 60_000);
  afterAll(async () => {
    await api.app.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const waitForEvent = async (migrationId: string, type: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await eventsOf(api.app, migrationId);
      if (events.some((event) => event.type === type) || Date.now() > deadline) return events;
      await new Promise((done) => setTimeout(done, 250));
    }
  };

  it('runs a migration created over HTTP to completion: Chinook SQLite into PGlite', async () => {
    const created = await call(api.app, 'POST', '/migrations', {
      headers: bearer('operator', 'olivia'),
      body: {
        source: { kind: 'sqlite', uri: join(fixtures, 'Chinook_Sqlite.sqlite') },
        target: { kind: 'pglite', uri: targetDir },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.migrationId as string;

    const events = await waitForEvent(id, 'MigrationCompleted', 90_000);

    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'IngestionCompleted',
        'TransformationCompleted',
        'CertificateIssued',
        'DeliveryConfirmed',
        'MigrationCompleted',
      ]),
    );
    const starts = events.filter((event) => event.type === 'IngestionStarted');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.metadata.actor).toBe('service:command-api/agent:scout');
    await api.app.close();
    const target = await PGliteSqlClient.open(targetDir);
    const { rows } = await target.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM invoice_line',
    );
    await target.close();
    expect(rows[0]?.count).toBe(2240);
    api = await startTestApi();
  }, 120_000);
});
