import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Certificate, type MigrationEvent, migrationStreamId } from '@sensei/domain';
import { createPGliteEventStore, LocalDirectoryArtifactStore } from '@sensei/infra';
import { certificateBytes, signCertificate } from '@sensei/kora';
import { sensei } from '../../../test/support/sensei-cli';
import {
  certificatePayload,
  evidenceFiles,
  fixtureSigner,
} from '../../../test/support/signed-certificate';

const migrationId = 'mig-7f3a';
/** The CLI's failure lines; other stderr lines are notes (e.g. a signing key generated). */
const failuresIn = (stderr: string) =>
  stderr.split('\n').filter((line) => line.startsWith('sensei: '));
const requested: MigrationEvent = {
  type: 'MigrationRequested',
  data: {
    migrationId,
    source: { kind: 'sqlite', uri: '/data/chinook.sqlite' },
    target: { kind: 'pglite', uri: '/data/target' },
    config: { reviewThreshold: 0.92 },
    requestedBy: 'user:alice',
  },
};
/** The certificate as the event records it; `documentHash` names the signed document. */
const certificate = (documentHash?: string): Certificate => ({
  certificateId: 'kora-1f2e3d4c5b6a7980',
  status: 'PASSED',
  evidenceHash: 'e'.repeat(64),
  signature: 's'.repeat(128),
  documentHash,
  issuedBy: 'agent:validator',
  issuedAt: '2025-03-01T12:00:00.000Z',
});

/** A data directory holding migration mig-7f3a and its certificate (events only, as folded). */
const dataDirWith = async (dataDir: string, documentHash?: string) => {
  const issued: MigrationEvent = {
    type: 'CertificateIssued',
    data: { migrationId, certificate: certificate(documentHash) },
  };
  const store = await createPGliteEventStore(join(dataDir, 'data'));
  try {
    const events = [requested, issued].map(({ type, data }, index) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      type,
      data,
      metadata: {
        correlationId: 'c',
        causationId: 'c',
        actor: 'test',
        timestamp: '2025-03-01T12:00:00Z',
      },
    }));
    await store.append(migrationStreamId(migrationId), events, { expectedRevision: 'no_stream' });
  } finally {
    await store.close();
  }
};

describe('sensei certificate: export for offline verification', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-certificate-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('writes certificate.json (the stored bytes), evidence/<hash> and public-key.pem, which verify', async () => {
    const dataDir = join(workDir, 'home-signed');
    const document = await signCertificate(
      { ...certificatePayload(), migrationId },
      await fixtureSigner(),
    );
    const artifacts = new LocalDirectoryArtifactStore(join(dataDir, 'artifacts'));
    const stored = await artifacts.put(certificateBytes(document));
    for (const text of Object.values(evidenceFiles)) await artifacts.put(Buffer.from(text));
    await dataDirWith(dataDir, stored.hash);
    const out = join(workDir, 'export');

    const exported = await sensei(dataDir, 'certificate', migrationId, '--out', out);
    expect({ code: exported.code, failures: failuresIn(exported.stderr) }).toEqual({
      code: 0,
      failures: [],
    });
    expect(exported.stdout).toContain(
      `exported certificate kora-1f2e3d4c5b6a7980 (PASSED) of migration ${migrationId}`,
    );
    expect(readFileSync(join(out, 'certificate.json'))).toEqual(
      Buffer.from(certificateBytes(document)),
    );
    expect(readdirSync(join(out, 'evidence')).sort()).toEqual(
      document.payload.evidence.map((reference) => reference.hash).sort(),
    );

    const verified = await sensei(
      join(workDir, 'elsewhere'),
      ...['verify', join(out, 'certificate.json'), '--evidence', join(out, 'evidence')],
      ...['--public-key', join(out, 'public-key.pem')],
    );
    expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(
      /^VERIFIED certificate kora-1f2e3d4c5b6a7980 .*, pinned\), 2 evidence files intact\n$/,
    );
  }, 120_000);

  describe('with --with-partitions', () => {
    /** The bytes of the fixture checkpoint's partitions: source Invoice, then transformed invoice. */
    const partitionTexts = ['source partition', 'output partition'];
    /** A data directory with the signed certificate and its evidence; `withPartitions` stores those too. */
    const signedHome = async (name: string, withPartitions: boolean) => {
      const dataDir = join(workDir, name);
      const document = await signCertificate(
        { ...certificatePayload(), migrationId },
        await fixtureSigner(),
      );
      const artifacts = new LocalDirectoryArtifactStore(join(dataDir, 'artifacts'));
      const stored = await artifacts.put(certificateBytes(document));
      const files = [...Object.values(evidenceFiles), ...(withPartitions ? partitionTexts : [])];
      for (const text of files) await artifacts.put(Buffer.from(text));
      await dataDirWith(dataDir, stored.hash);
      return { dataDir, document };
    };

    it('also writes partitions/<hash>, and the verify command it prints checks them', async () => {
      const { dataDir, document } = await signedHome('home-partitions', true);
      const out = join(workDir, 'export-partitions');
      const exported = await sensei(
        dataDir,
        ...['certificate', migrationId, '--out', out, '--with-partitions'],
      );
      expect({ code: exported.code, failures: failuresIn(exported.stderr) }).toEqual({
        code: 0,
        failures: [],
      });
      const { sourcePartitions, transformedPartitions } = document.payload.checkpoint;
      expect(readdirSync(join(out, 'partitions')).sort()).toEqual(
        [...sourcePartitions, ...transformedPartitions].map((part) => part.hash).sort(),
      );
      expect(exported.stdout).toContain('2 evidence files, 2 partition files, public-key.pem');

      const printed = /verify it anywhere with: sensei (verify .*)$/m.exec(exported.stdout)?.[1];
      expect(printed).toContain(`--partitions ${join(out, 'partitions')}`);
      const verified = await sensei(join(workDir, 'elsewhere'), ...(printed ?? '').split(' '));
      expect({ code: verified.code, stderr: verified.stderr }).toEqual({ code: 0, stderr: '' });
      expect(verified.stdout).toMatch(
        /^VERIFIED certificate kora-1f2e3d4c5b6a7980 .*, pinned\), 2 evidence files intact, 2 partitions intact\n$/,
      );
    }, 120_000);

    it('refuses, in one line, a partition the artifact store does not hold, naming it', async () => {
      const { dataDir, document } = await signedHome('home-no-partitions', false);
      const source = document.payload.checkpoint.sourcePartitions[0];
      const run = await sensei(
        dataDir,
        ...['certificate', migrationId, '--out', join(workDir, 'lacking'), '--with-partitions'],
      );
      expect({ code: run.code, stdout: run.stdout, failures: failuresIn(run.stderr) }).toEqual({
        code: 1,
        stdout: '',
        failures: [
          expect.stringMatching(
            new RegExp(
              `^sensei: cannot export source partition of Invoice \\(${source?.hash}\\): artifact ${source?.hash} is not in `,
            ),
          ),
        ],
      });
    }, 120_000);
  });

  it('refuses, in one line, a migration whose certificate is not a signed KORA certificate', async () => {
    const dataDir = join(workDir, 'home-unsigned');
    await dataDirWith(dataDir);
    const run = await sensei(dataDir, 'certificate', migrationId, '--out', join(workDir, 'none'));
    expect({ code: run.code, stdout: run.stdout, failures: failuresIn(run.stderr) }).toEqual({
      code: 1,
      stdout: '',
      failures: [
        `sensei: migration ${migrationId} has no KORA certificate to export: its certificate kora-1f2e3d4c5b6a7980 (issued by agent:validator) is not a signed KORA certificate`,
      ],
    });
  }, 120_000);
});
