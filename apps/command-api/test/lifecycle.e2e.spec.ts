import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certificateBytes, signCertificate } from '@sensei/kora';
import { certificatePayload, evidenceFiles } from '../../../test/support/signed-certificate';
import {
  bearer,
  call,
  eventsOf,
  type Json,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';

describe('command API: a migration from request to completion (e2e)', () => {
  let api: TestApi;
  const operator = bearer('operator', 'olivia');
  const approver = bearer('approver', 'ada');

  const scratch = mkdtempSync(join(tmpdir(), 'sensei-lifecycle-'));
  beforeAll(async () => {
    api = await startTestApi({ artifactDir: join(scratch, 'artifacts') });
  });
  afterAll(async () => {
    await api.app.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A KORA certificate for `migrationId`, signed with the API's key, stored with its evidence. */
  const storedCertificate = async (migrationId: string) => {
    const { artifacts, signer } = api.adapters;
    for (const text of Object.values(evidenceFiles)) await artifacts.put(Buffer.from(text));
    const document = await signCertificate({ ...certificatePayload(), migrationId }, signer);
    return (await artifacts.put(certificateBytes(document))).hash;
  };

  const post = async (
    url: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<Json> => {
    const response = await call(api.app, 'POST', url, { headers, body });
    if (response.status >= 300)
      throw new Error(`${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  it('walks every phase over HTTP; mapping review needs an approver', async () => {
    const { migrationId: id } = await post('/migrations', operator, migrationBody());
    const m = `/migrations/${id}`;
    await post(`${m}/ingestion/start`, operator);
    await post(`${m}/ingestion/complete`, operator, {
      manifestHash: 'sha256:ingested',
      tables: [{ name: 'public.customers', rowCount: 3, partitionCount: 1, piiColumns: ['email'] }],
      rowCount: 3,
    });
    const mapping = {
      sourceTable: 'public.customers',
      sourceColumn: 'email',
      targetTable: 'public.clients',
      targetColumn: 'email',
      confidence: 0.5,
      rationale: 'similar names',
    };
    const proposed = await post(`${m}/mappings`, operator, { ...mapping, mappingId: 'email' });
    expect(proposed.events).toEqual(['MappingProposed', 'MappingSentToReview']);
    const queue = await call(api.app, 'GET', `${m}/mappings?status=in_review`, {
      headers: bearer('viewer', 'vic'),
    });
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({
      reviewThreshold: 0.92,
      mappings: [{ mappingId: 'email', status: 'in_review', confidence: 0.5 }],
    });

    const byOperator = await call(api.app, 'POST', `${m}/mappings/email/approve`, {
      headers: operator,
      body: {},
    });
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.error.code).toBe('AUTH.FORBIDDEN');

    await post(`${m}/mappings/email/edit`, approver, {
      newMappingId: 'email-lower',
      changes: { expression: 'lower(email)' },
    });
    const afterEdit = await call(api.app, 'GET', `${m}/mappings`, { headers: operator });
    const decisions = (afterEdit.body.mappings as Record<string, string>[]).map((x) => [
      x.mappingId,
      x.status,
      x.decidedBy,
    ]);
    expect(decisions).toEqual(
      expect.arrayContaining([
        ['email', 'superseded', 'user:ada'],
        ['email-lower', 'approved', 'user:ada'],
      ]),
    );
    const badFilter = await call(api.app, 'GET', `${m}/mappings?status=maybe`, {
      headers: operator,
    });
    expect(badFilter.status).toBe(400);
    await post(`${m}/transformation/start`, operator);
    await post(`${m}/transformation/complete`, operator, {
      sqlHash: 'sha256:sql',
      outputManifestHash: 'sha256:out',
    });
    await post(`${m}/verification/start`, operator);
    const unbacked = await call(api.app, 'POST', `${m}/certificate`, {
      headers: operator,
      body: { status: 'PASSED', evidenceHash: 'sha256:evidence', signature: 'ed25519:sig' },
    });
    expect(unbacked.status).toBe(400);
    expect(unbacked.body.error.message).toMatch(/needs documentHash/);
    const otherMigration = await storedCertificate('5e1f0000-0000-4000-8000-00000000c0de');
    const misdirected = await call(api.app, 'POST', `${m}/certificate`, {
      headers: operator,
      body: { status: 'PASSED', evidenceHash: 'e', signature: 's', documentHash: otherMigration },
    });
    expect(misdirected.status).toBe(400);
    await post(`${m}/certificate`, operator, {
      status: 'PASSED',
      evidenceHash: 'sha256:evidence',
      signature: 'ed25519:sig',
      documentHash: await storedCertificate(id),
    });
    await post(`${m}/delivery/start`, operator);
    const done = await post(`${m}/delivery/confirm`, operator, {
      certificateId: 'kora-1f2e3d4c5b6a7980',
      rowsPerTable: { 'public.clients': 3 },
      checksum: 'sha256:delivered',
      elapsedMs: 12,
    });
    expect(done.events).toEqual(['DeliveryConfirmed', 'MigrationCompleted']);

    const events = await eventsOf(api.app, id);
    expect(events.map((e) => e.type)).toEqual([
      'MigrationRequested',
      'IngestionStarted',
      'IngestionCompleted',
      'MappingProposed',
      'MappingSentToReview',
      'MappingSuperseded',
      'MappingProposed',
      'MappingApproved',
      'TransformationStarted',
      'TransformationCompleted',
      'VerificationStarted',
      'CertificateIssued',
      'DeliveryStarted',
      'DeliveryConfirmed',
      'MigrationCompleted',
    ]);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, index) => index));
    const approval = events.find((e) => e.type === 'MappingApproved');
    expect(approval?.data).toMatchObject({ mappingId: 'email-lower', approvedBy: 'user:ada' });
    expect(approval?.metadata.actor).toBe('user:ada');
  });

  it('decides again on fresh state when concurrent commands race (no lost update)', async () => {
    const { migrationId: id } = await post('/migrations', operator, migrationBody());
    const m = `/migrations/${id}`;
    await post(`${m}/ingestion/start`, operator);
    await post(`${m}/ingestion/complete`, operator, {
      manifestHash: 'sha256:ingested',
      tables: [{ name: 'public.customers', rowCount: 3, partitionCount: 1 }],
      rowCount: 3,
    });
    const columns = ['id', 'name', 'email'];
    // Hold the three commands' first reads until all three have read: all decide on one state.
    const store = api.adapters.eventStore;
    const readStream = store.readStream.bind(store);
    const waiting: Array<() => void> = [];
    const spy = jest.spyOn(store, 'readStream').mockImplementation(async (...args) => {
      const events = await readStream(...args);
      if (waiting.length < columns.length - 1) {
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        waiting.forEach((resolve) => resolve());
        spy.mockRestore();
      }
      return events;
    });
    const responses = await Promise.all(
      columns.map((column) =>
        call(api.app, 'POST', `${m}/mappings`, {
          headers: operator,
          body: {
            mappingId: column,
            sourceTable: 'public.customers',
            sourceColumn: column,
            targetTable: 'public.clients',
            targetColumn: column,
            confidence: 0.99,
            rationale: 'same name',
          },
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const approved = (await eventsOf(api.app, id)).filter((e) => e.type === 'MappingApproved');
    expect(approved.map((e) => e.data.mappingId).sort()).toEqual([...columns].sort());
  });

  it('needs a reason to cancel; a cancelled migration refuses further commands', async () => {
    const { migrationId: id } = await post('/migrations', operator, migrationBody());
    const m = `/migrations/${id}`;
    const noReason = await call(api.app, 'POST', `${m}/cancel`, { headers: operator, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0].field).toBe('reason');

    await post(`${m}/cancel`, operator, { reason: 'wrong source' });
    const afterCancel = await call(api.app, 'POST', `${m}/ingestion/start`, { headers: operator });
    expect(afterCancel.status).toBe(409);
    expect(afterCancel.body.error.code).toBe('MIGRATION.CANCELLED');
  });
});
