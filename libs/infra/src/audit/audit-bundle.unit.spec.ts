import { canonicalJson, canonicalJsonBytes, type CertificateSigner } from '@sensei/kora';
import {
  type AuditHistory,
  auditHistory,
  auditMigrationId,
  auditStreamId,
  recordChain,
} from '../../../../test/support/audit-history';
import { fixtureSigner } from '../../../../test/support/signed-certificate';
import type { AuditBundle, BundleEvent } from './audit-bundle';
import { buildAuditBundle } from './build-audit-bundle';
import { recomputeChain } from './chain-check';
import { verifyAuditBundle } from './verify-audit-bundle';

const notesStream = 'review-notes-1';

describe('audit bundle: signed, self-contained, any change named offline', () => {
  let history: AuditHistory;
  let signer: CertificateSigner;
  let events: BundleEvent[];
  let notes: BundleEvent[];
  let bytes: Uint8Array;

  beforeAll(async () => {
    history = await auditHistory();
    signer = await fixtureSigner(3);
    events = recordChain(auditStreamId, history.events, (revision) => revision + 1);
    const note = {
      id: 'note-0',
      type: 'ReviewNoteAdded',
      data: { migrationId: auditMigrationId, note: 'legal signed off' },
      metadata: {
        correlationId: 'n',
        causationId: 'n',
        actor: 'user:lee',
        timestamp: '2025-03-01T11:00:00.000Z',
      },
    };
    notes = recordChain(notesStream, [note], () => 20);
    ({ bytes } = await buildAuditBundle(
      {
        migrationId: auditMigrationId,
        exportedAt: '2025-03-02T08:00:00.000Z',
        exportedBy: 'cli:auditor',
        streams: [
          { streamId: auditStreamId, events },
          { streamId: notesStream, events: notes },
        ],
        certificates: [history.certificate],
      },
      signer,
    ));
  });

  /** The bundle's JSON, changed by `edit` and written back canonically (a careful forger). */
  const edited = (edit: (bundle: AuditBundle) => void): Uint8Array => {
    const bundle = JSON.parse(Buffer.from(bytes).toString('utf8')) as AuditBundle;
    edit(bundle);
    return canonicalJsonBytes(bundle);
  };
  /** The lowest bit of one byte flipped, at the first occurrence of `text` plus `offset`. */
  const flipped = (text: string, offset = 0): Uint8Array => {
    const copy = Buffer.from(bytes);
    const at = copy.indexOf(text) + offset;
    expect(at).toBeGreaterThanOrEqual(offset);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    return copy;
  };

  it('verifies intact: every stream, event and certificate counted, the signer key named', async () => {
    expect(Buffer.from(bytes).toString('utf8')).toBe(
      canonicalJson(JSON.parse(Buffer.from(bytes).toString('utf8'))),
    );
    expect(await verifyAuditBundle(bytes)).toEqual({
      authentic: true,
      migrationId: auditMigrationId,
      exportedAt: '2025-03-02T08:00:00.000Z',
      exportedBy: 'cli:auditor',
      streams: 2,
      events: 20,
      certificates: [
        {
          certificateId: 'kora-1f2e3d4c5b6a7980',
          status: 'PASSED',
          keyId: expect.any(String),
          evidenceChecked: 2,
        },
      ],
      keyId: signer.keyId,
      keyPinned: false,
    });
    expect((await verifyAuditBundle(bytes, { publicKey: signer.publicKey })).authentic).toBe(true);
  });

  it('names the event whose data changed by one byte: stream, revision, position', async () => {
    const verdict = await verifyAuditBundle(flipped('free text, not a note column'));
    expect(verdict.problem).toEqual({
      part: 'event',
      streamId: auditStreamId,
      revision: 7,
      position: 8,
      message: `event at stream ${auditStreamId} revision 7 (position 8) (MappingRejected) does not match its hash: its content or its hash was changed`,
    });
  });

  it('names the next event when a forger also rewrote the changed event hash', async () => {
    const verdict = await verifyAuditBundle(
      edited((bundle) => {
        const stream = bundle.payload.streams[0]!;
        const forged = recordChain(
          auditStreamId,
          history.events.map((e, i) =>
            i === 7 ? { ...e, data: { ...(e.data as object), reason: 'ok' } } : e,
          ),
        );
        stream.events[7] = forged[7]!;
      }),
    );
    expect(verdict.problem).toMatchObject({ part: 'event', revision: 8, position: 9 });
    expect(verdict.problem?.message).toMatch(/does not link to the event before it/);
  });

  it('catches a whole rewritten chain by its summary, then by the bundle signature', async () => {
    const rewrite = (bundle: AuditBundle) => {
      bundle.payload.streams[0]!.events = recordChain(
        auditStreamId,
        history.events.map((e, i) =>
          i === 7 ? { ...e, data: { ...(e.data as object), reason: 'ok' } } : e,
        ),
      );
    };
    expect((await verifyAuditBundle(edited(rewrite))).problem).toMatchObject({
      part: 'chain',
      streamId: auditStreamId,
    });
    const withSummary = edited((bundle) => {
      rewrite(bundle);
      const stream = bundle.payload.streams[0]!;
      stream.chain.lastHash = stream.events.at(-1)!.hash;
    });
    expect((await verifyAuditBundle(withSummary)).problem).toEqual({
      part: 'bundle',
      message: expect.stringMatching(
        /^bundle payload was changed after signing: it hashes to [0-9a-f]{64}, the signed payload to [0-9a-f]{64}$/,
      ),
    });
  });

  it('names a missing event by its stream and revision', async () => {
    const verdict = await verifyAuditBundle(
      edited((bundle) => bundle.payload.streams[0]!.events.splice(4, 1)),
    );
    expect(verdict.problem).toMatchObject({ part: 'event', streamId: auditStreamId, revision: 4 });
    expect(verdict.problem?.message).toBe(
      `event at stream ${auditStreamId} revision 4 is missing: the next one is revision 5`,
    );
  });

  it('names the bundle signature when one byte of it changed', async () => {
    const value = (JSON.parse(Buffer.from(bytes).toString()) as AuditBundle).signature.value;
    const digit = value.search(/[0-9]/);
    expect((await verifyAuditBundle(flipped(`"value":"${value}`, 9 + digit))).problem).toEqual({
      part: 'bundle-signature',
      message: `bundle signature was changed after signing: it does not verify over the intact payload with key ${signer.keyId}`,
    });
  });

  it('names the certificate when one byte of its signed payload changed', async () => {
    const verdict = await verifyAuditBundle(flipped('invoice: 412 rows on both sides'));
    expect(verdict.problem).toMatchObject({
      part: 'certificate',
      certificateId: 'kora-1f2e3d4c5b6a7980',
    });
    expect(verdict.problem?.message).toMatch(
      /^certificate kora-1f2e3d4c5b6a7980: certificate payload was changed after signing/,
    );
  });

  it('names the evidence file whose bytes changed', async () => {
    const verdict = await verifyAuditBundle(flipped('"base64":"', 12));
    expect(verdict.problem?.part).toBe('certificate');
    expect(verdict.problem?.message).toMatch(
      /^certificate kora-1f2e3d4c5b6a7980: evidence \S+ \([0-9a-f]{64}\) is corrupted: its bytes hash to [0-9a-f]{64}$/,
    );
  });

  it('refuses a bundle whose certificate the events record was left out', async () => {
    const verdict = await verifyAuditBundle(
      edited((bundle) => {
        bundle.payload.certificates = [];
        bundle.payload.summary.certificates = 0;
      }),
    );
    expect(verdict.problem).toEqual({
      part: 'certificate',
      certificateId: 'kora-1f2e3d4c5b6a7980',
      message: `certificate kora-1f2e3d4c5b6a7980 issued at stream ${auditStreamId} revision 15 (position 16) is missing from the bundle`,
    });
  });

  it('refuses another signer than the pinned key, and bytes re-formatted after export', async () => {
    const other = await fixtureSigner(9);
    expect((await verifyAuditBundle(bytes, { publicKey: other.publicKey })).problem).toEqual({
      part: 'public-key',
      message: `bundle signer key ${signer.keyId} is not the pinned public key ${other.keyId}`,
    });
    const pretty = Buffer.from(JSON.stringify(JSON.parse(Buffer.from(bytes).toString()), null, 2));
    expect((await verifyAuditBundle(pretty)).problem?.message).toMatch(
      /^bundle is not in canonical JSON form/,
    );
    expect((await verifyAuditBundle(Buffer.from('{"payload":'))).problem).toEqual({
      part: 'bundle',
      message: 'bundle is not valid JSON',
    });
  });

  it('will not build a bundle over an edited event or a certificate that is not its document', async () => {
    const tampered = events.map((event, revision) =>
      revision === 3 ? { ...event, data: { ...(event.data as object), confidence: 1 } } : event,
    );
    const input = {
      migrationId: auditMigrationId,
      exportedAt: 'now',
      exportedBy: 'me',
      streams: [{ streamId: auditStreamId, events: tampered }],
      certificates: [],
    };
    await expect(buildAuditBundle(input, signer)).rejects.toMatchObject({
      code: 'STREAM.TAMPERED',
      message: expect.stringMatching(
        /^refusing to export: event at stream \S+ revision 3 \(position 4\)/,
      ),
    });
    const wrongHash = { ...history.certificate, documentHash: '0'.repeat(64) };
    await expect(
      buildAuditBundle(
        { ...input, streams: [{ streamId: auditStreamId, events }], certificates: [wrongHash] },
        signer,
      ),
    ).rejects.toMatchObject({ code: 'ARTIFACT.CORRUPTED' });
  });
});

describe('chain recompute', () => {
  it('accepts a chain from the genesis hash and names an event out of order', async () => {
    const { events } = await auditHistory();
    const chain = recordChain('s', events.slice(0, 3));
    expect(recomputeChain('s', chain)).toEqual({
      ok: true,
      eventCount: 3,
      lastHash: chain[2]!.hash,
    });
    const swapped = [chain[0]!, { ...chain[1]!, position: 1 }, chain[2]!];
    expect(recomputeChain('s', swapped)).toMatchObject({
      ok: false,
      reason: 'out_of_order',
      revision: 1,
    });
    expect(recomputeChain('other-stream', chain)).toMatchObject({
      ok: false,
      reason: 'hash_mismatch',
      revision: 0,
    });
  });
});
