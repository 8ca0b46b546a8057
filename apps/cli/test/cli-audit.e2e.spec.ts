import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { type AuditEntry, EventStoreSchema, PGliteSqlClient } from '@sensei/infra';
import { type CliRun, migrateChinook, sensei } from '../../../test/support/sensei-cli';
import { sqlTamper } from '../../../test/support/sql-tamper';

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
/** Exactly one line on stderr, nothing on stdout. */
const expectRefused = (run: CliRun, code: number, line: string | RegExp) => {
  expect({ code: run.code, stdout: run.stdout, stderr: lines(run.stderr) }).toEqual({
    code,
    stdout: '',
    stderr: [typeof line === 'string' ? line : expect.stringMatching(line)],
  });
};

/**
 * The audit trail of a real Chinook migration, as a compliance team uses it: the decisions with
 * their actors, the state replayed at a point in the middle and at the end, the hash chains
 * checked in the store (and an edited row caught), and a signed bundle checked offline, where one
 * changed byte is named.
 */
describe('sensei audit: log, replay, verify and export of a Chinook migration', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-audit-'));
  const dataDir = join(workDir, 'home');
  const noDataDir = join(workDir, 'nothing-here');
  const streamId = 'migration-chinook';
  const actor = `cli:${process.env.SENSEI_ACTOR ?? userInfo().username}`;
  let entries: AuditEntry[];

  beforeAll(async () => {
    const migrated = await migrateChinook(dataDir, workDir);
    expect(migrated.code).toBe(0);
    const log = await sensei(dataDir, 'audit', 'log', 'chinook', '--json');
    expect(log.code).toBe(0);
    entries = (JSON.parse(log.stdout) as { entries: AuditEntry[] }).entries;
  }, 240_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));
  const entry = (type: string) => entries.find((e) => e.type === type)!;

  it('log: every decision in order, with actor, time, reason and correlation', async () => {
    const run = await sensei(dataDir, 'audit', 'log', 'chinook');
    expect(run.code).toBe(0);
    const [header, ...rows] = lines(run.stdout).map((line) => line.split('\t'));
    expect(header).toEqual([
      'position',
      'stream',
      'revision',
      'time',
      'type',
      'actor',
      'summary',
      'reason',
      'correlation',
      'causation',
    ]);
    expect(rows).toHaveLength(entries.length);
    expect(rows.map((row) => Number(row[0]))).toEqual(entries.map((_, index) => index + 1));
    const first = rows[0]!;
    expect(first.slice(1, 3)).toEqual([streamId, '0']);
    expect(first.slice(4, 6)).toEqual(['MigrationRequested', actor]);
    expect(first[6]).toMatch(
      new RegExp(
        `^${actor} requested the migration of sqlite \\S+Chinook_Sqlite\\.sqlite into pglite `,
      ),
    );
    const approval = rows.find((row) => row[4] === 'MappingApproved')!;
    expect(approval.slice(5, 8)).toEqual([
      `${actor}/agent:architect`,
      expect.stringMatching(/^system:auto-approval approved map:\S+$/),
      expect.stringMatching(/^confidence 0\.\d+ >= review threshold 0\.92$/),
    ]);
    const certificate = rows.find((row) => row[4] === 'CertificateIssued')!;
    expect(certificate.slice(5, 8)).toEqual([
      `${actor}/agent:validator`,
      expect.stringMatching(/issued certificate kora-\S+: PASSED$/),
      expect.stringMatching(/^PASSED: \d+\/\d+ checks passed$/),
    ]);
    expect(rows.at(-1)?.[4]).toBe('MigrationCompleted');
    // Every agent that decided something is named; every line carries its correlation ids.
    expect(new Set(rows.map((row) => row[5]))).toEqual(
      new Set(
        [
          '',
          '/agent:scout',
          '/agent:worker',
          '/agent:architect',
          '/agent:validator',
          '/agent:delivery',
        ].map((a) => actor + a),
      ),
    );
    for (const row of rows) expect(row.slice(8)).toEqual([expect.any(String), expect.any(String)]);
    expect(entries.every((e) => e.correlationId && e.causationId && e.time)).toBe(true);
  }, 120_000);

  it('replay: before the certificate in the middle, completed at the end', async () => {
    const verification = entry('VerificationStarted');
    const middle = await sensei(
      dataDir,
      'audit',
      'replay',
      'chinook',
      '--at',
      String(verification.position),
    );
    expect(middle.code).toBe(0);
    expect(lines(middle.stdout)).toEqual(
      expect.arrayContaining([
        `migration chinook as of position ${verification.position}: verifying (phase verification)`,
        expect.stringMatching(
          new RegExp(
            `^  replayed +${verification.position} of ${entries.length} events; last #${verification.position} VerificationStarted by ${actor}/agent:validator at `,
          ),
        ),
        '  certificate  none yet',
        '  receipt      none yet',
        expect.stringMatching(/^ {2}mappings +64 approved$/),
      ]),
    );

    const end = await sensei(dataDir, 'audit', 'replay', 'chinook');
    expect(end.code).toBe(0);
    expect(lines(end.stdout)).toEqual(
      expect.arrayContaining([
        'migration chinook as of now: completed (phase done)',
        expect.stringMatching(
          /^ {2}certificate +PASSED kora-\S+ \(PASSED: \d+\/\d+ checks passed\)$/,
        ),
        expect.stringMatching(/^ {2}receipt +15607 rows in \d+ batches, checksum [0-9a-f]{64}$/),
      ]),
    );

    // By time: the instant the certificate was issued is after it; a millisecond earlier, before.
    const issued = entry('CertificateIssued');
    const before = new Date(Date.parse(issued.time) - 1).toISOString();
    const json = await sensei(dataDir, 'audit', 'replay', 'chinook', '--at', before, '--json');
    expect(json.code).toBe(0);
    const state = JSON.parse(json.stdout) as { status: string; state: { certificate?: unknown } };
    expect(state.status).toBe('verifying');
    expect(state.state.certificate).toBeUndefined();
  }, 120_000);

  it('replay refuses an unknown migration and a bad --at: one line, exit 2', async () => {
    expectRefused(
      await sensei(dataDir, 'audit', 'replay', 'nope'),
      2,
      'sensei: migration nope does not exist',
    );
    expectRefused(
      await sensei(dataDir, 'audit', 'replay', 'chinook', '--at', 'last tuesday'),
      2,
      'sensei: --at last tuesday is neither a position (a whole number from 1) nor an ISO-8601 time with a zone (e.g. 2025-03-01T12:00:00Z)',
    );
  }, 120_000);

  it('verify: the intact store passes, every stream and the global positions', async () => {
    const all = await sensei(dataDir, 'audit', 'verify');
    expect({ code: all.code, stdout: all.stdout, stderr: all.stderr }).toEqual({
      code: 0,
      stdout: `OK event store: 1 stream, ${entries.length} events, hash chains intact; global positions 1..${entries.length} gapless\n`,
      stderr: '',
    });
    const one = await sensei(dataDir, 'audit', 'verify', 'chinook');
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(
      `OK migration chinook (${streamId}): 1 stream, ${entries.length} events, hash chains intact; global positions 1..${entries.length} gapless\n`,
    );
  }, 120_000);

  describe('export, then verify the bundle offline', () => {
    const bundleFile = join(workDir, 'chinook-audit.json');
    let bytes: Buffer;
    /** A copy of the bundle with the lowest bit of one byte flipped. */
    const flipped = (name: string, offset: number) => {
      const copy = Buffer.from(bytes);
      copy[offset] = (copy[offset] ?? 0) ^ 0x01;
      const file = join(workDir, `${name}.json`);
      writeFileSync(file, copy);
      return file;
    };
    const verifyOffline = (file: string) => sensei(noDataDir, 'audit', 'verify', file);

    beforeAll(async () => {
      const exported = await sensei(dataDir, 'audit', 'export', 'chinook', '--out', bundleFile);
      expect(exported.code).toBe(0);
      expect(lines(exported.stdout)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^exported the audit bundle of migration chinook to ${bundleFile}: 1 stream\\(s\\), ${entries.length} events, 1 certificate\\(s\\) with 4 evidence files, signed by key [0-9a-f]{16} \\(\\d+ bytes\\)$`,
          ),
        ),
        `verify it anywhere with: sensei audit verify ${bundleFile}`,
      ]);
      bytes = readFileSync(bundleFile);
    }, 120_000);

    it('passes intact, with no store at all', async () => {
      const run = await verifyOffline(bundleFile);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(
        new RegExp(
          `^VERIFIED audit bundle ${bundleFile}: migration chinook, 1 stream, ${entries.length} events, every hash and link recomputed; ` +
            'certificate kora-\\S+ PASSED \\(signature valid, key [0-9a-f]{16}, 4 evidence files intact\\); ' +
            `bundle signature valid \\(key [0-9a-f]{16}, not pinned\\), exported \\S+ by ${actor}\\n$`,
        ),
      );
      expect(existsSync(noDataDir)).toBe(false);
    }, 120_000);

    it('fails on one changed byte, naming the event, the bundle signature or the certificate', async () => {
      const text = bytes.toString('latin1');
      const inEvent = flipped(
        'event-byte',
        text.indexOf('"requestedBy":"') + '"requestedBy":"'.length,
      );
      const signature = text.lastIndexOf('"value":"') + '"value":"'.length;
      const digit = text.slice(signature).search(/[0-9]/);
      const inSignature = flipped('signature-byte', signature + digit);
      const inCertificate = flipped(
        'certificate-byte',
        text.indexOf('"sourceSnapshot":"') + '"sourceSnapshot":"'.length,
      );
      const inEvidence = flipped('evidence-byte', text.indexOf('"base64":"') + 20);
      const [event, signed, certificate, evidence] = await Promise.all(
        [inEvent, inSignature, inCertificate, inEvidence].map(verifyOffline),
      );
      expectRefused(
        event!,
        1,
        `sensei: NOT VERIFIED ${inEvent}: event at stream ${streamId} revision 0 (position 1) (MigrationRequested) does not match its hash: its content or its hash was changed`,
      );
      expectRefused(
        signed!,
        1,
        new RegExp(
          `^sensei: NOT VERIFIED ${inSignature}: bundle signature was changed after signing: it does not verify over the intact payload with key [0-9a-f]{16}$`,
        ),
      );
      expectRefused(
        certificate!,
        1,
        new RegExp(
          `^sensei: NOT VERIFIED ${inCertificate}: certificate kora-\\S+: certificate payload was changed after signing: it hashes to [0-9a-f]{64}, the signed payload to [0-9a-f]{64}$`,
        ),
      );
      expectRefused(
        evidence!,
        1,
        new RegExp(
          `^sensei: NOT VERIFIED ${inEvidence}: certificate kora-\\S+: evidence \\S+ \\([0-9a-f]{64}\\) is corrupted: its bytes hash to [0-9a-f]{64}$`,
        ),
      );
    }, 120_000);
  });

  it('an edited event row (SQL UPDATE) fails verify, naming stream and position; export refuses', async () => {
    // A copy of the data directory, edited while no sensei process has it open.
    const tamperedDir = join(workDir, 'tampered');
    cpSync(dataDir, tamperedDir, { recursive: true });
    const approval = entries.filter((e) => e.type === 'MappingApproved')[10]!;
    const sql = await PGliteSqlClient.open(join(tamperedDir, 'data'));
    try {
      const schema = new EventStoreSchema();
      const { rows } = await sql.query<{ data: Record<string, unknown> }>(
        `SELECT data FROM ${schema.events} WHERE stream_id = $1 AND revision = $2`,
        [streamId, approval.revision],
      );
      const data = { ...rows[0]!.data, approvedBy: 'user:mallory' };
      await sqlTamper(sql, schema).editEventData(streamId, approval.revision, data);
    } finally {
      await sql.close();
    }
    const where = `stream ${streamId} at position ${approval.position} (revision ${approval.revision})`;
    const line = `${where}: revision ${approval.revision} does not match its hash: it was edited`;
    expectRefused(await sensei(tamperedDir, 'audit', 'verify'), 1, `sensei: TAMPERED ${line}`);
    expectRefused(
      await sensei(tamperedDir, 'audit', 'verify', 'chinook'),
      1,
      `sensei: TAMPERED ${line}`,
    );
    expectRefused(
      await sensei(tamperedDir, 'audit', 'export', 'chinook', '--out', join(workDir, 'never.json')),
      1,
      `sensei: refusing to export: ${line}`,
    );
    expect(existsSync(join(workDir, 'never.json'))).toBe(false);
  }, 120_000);
});
