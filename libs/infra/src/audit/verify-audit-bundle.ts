import {
  checkPayloadSignature,
  isCanonicalJson,
  parseJsonBytes,
  signerKeyCheck,
} from '@sensei/kora';
import { genesisHash } from '../event-store/sql/event-hash';
import type { AuditBundle, BundleStream } from './audit-bundle';
import { certificateProblem, issuedCertificates } from './bundle-certificates';
import { bundleShapeProblem } from './bundle-shape';
import type {
  AuditBundleVerdict,
  BundlePart,
  BundleProblem,
  VerifyAuditBundleOptions,
} from './bundle-verdict';
import { recomputeChain } from './chain-check';

const chainProblem = (stream: BundleStream): BundleProblem | undefined => {
  const { streamId, chain, events } = stream;
  const check = recomputeChain(streamId, events);
  if (!check.ok) {
    const { revision, position, message } = check;
    return { part: 'event', message, streamId, revision, ...(position ? { position } : {}) };
  }
  const first = events[0];
  const last = events.at(-1);
  const agrees =
    chain.genesisHash === genesisHash &&
    chain.eventCount === events.length &&
    chain.lastHash === check.lastHash &&
    chain.lastRevision === last?.revision &&
    chain.firstPosition === first?.position &&
    chain.lastPosition === last?.position;
  if (agrees) return undefined;
  return {
    part: 'chain',
    streamId,
    message: `the chain summary of stream ${streamId} does not describe its events (they are ${events.length}, ending in hash ${check.lastHash})`,
  };
};

/** Tells a changed payload from a changed signature by the payload hash beside the signature. */
const signatureProblem = async (bundle: AuditBundle): Promise<BundleProblem | undefined> => {
  const { signature } = bundle;
  const check = await checkPayloadSignature(bundle.payload, signature, 'bundle payload');
  if (check.outcome === 'intact') return undefined;
  if (check.outcome === 'payload-hash-changed') {
    return {
      part: 'bundle-signature',
      message: 'bundle signature.payloadHash was changed after signing',
    };
  }
  if (check.outcome === 'payload-changed') {
    return {
      part: 'bundle',
      message: `bundle payload was changed after signing: it hashes to ${check.payloadHash}, the signed payload to ${check.signedHash}`,
    };
  }
  return {
    part: 'bundle-signature',
    message: `bundle signature was changed after signing: it does not verify over the intact payload with key ${signature.keyId}`,
  };
};

/**
 * Checks an audit bundle with nothing but its bytes (and optionally a pinned key): every event
 * hash and link recomputed from the genesis hash, each certificate's signature and evidence, and
 * the bundle's own signature. Stops at the first problem and names where it is.
 */
export const verifyAuditBundle = async (
  input: Uint8Array,
  options: VerifyAuditBundleOptions = {},
): Promise<AuditBundleVerdict> => {
  const verdict: AuditBundleVerdict = {
    authentic: false,
    streams: 0,
    events: 0,
    certificates: [],
    keyPinned: options.publicKey !== undefined,
  };
  const fail = (problem: BundleProblem): AuditBundleVerdict => ({ ...verdict, problem });

  const parsed = parseJsonBytes(input, 'bundle');
  if ('problem' in parsed) return fail({ part: 'bundle', message: parsed.problem });
  const shape = bundleShapeProblem(parsed.value);
  if (shape) {
    const part: BundlePart = shape.startsWith('event at')
      ? 'event'
      : shape.startsWith('bundle.signature')
        ? 'bundle-signature'
        : 'bundle';
    return fail({ part, message: shape });
  }
  const bundle = parsed.value as AuditBundle;
  const { payload, signature } = bundle;
  verdict.migrationId = payload.migrationId;
  verdict.exportedAt = payload.exportedAt;
  verdict.exportedBy = payload.exportedBy;
  const signer = signerKeyCheck(signature, options.publicKey);
  verdict.keyId = signer.keyId;
  if (signer.problem) {
    const { part, message } = signer.problem;
    return fail({
      part: part === 'signature' ? 'bundle-signature' : 'public-key',
      message: `bundle ${message}`,
    });
  }

  const streamIds = new Set<string>();
  const positions = new Set<number>();
  for (const stream of payload.streams) {
    const problem = chainProblem(stream);
    if (problem) return fail(problem);
    if (streamIds.has(stream.streamId)) {
      return fail({ part: 'bundle', message: `stream ${stream.streamId} is in the bundle twice` });
    }
    streamIds.add(stream.streamId);
    for (const { position, revision } of stream.events) {
      if (positions.has(position)) {
        return fail({
          part: 'chain',
          streamId: stream.streamId,
          revision,
          position,
          message: `position ${position} is claimed by two events (one at stream ${stream.streamId} revision ${revision})`,
        });
      }
      positions.add(position);
    }
    verdict.streams += 1;
    verdict.events += stream.events.length;
  }

  for (const certificate of payload.certificates) {
    const { problem, verified } = await certificateProblem(certificate, bundle);
    if (problem) return fail(problem);
    if (verified) verdict.certificates.push(verified);
  }
  const included = new Set(payload.certificates.map((certificate) => certificate.documentHash));
  const missing = issuedCertificates(payload.streams).find(
    (issued) => !included.has(issued.documentHash),
  );
  if (missing) {
    return fail({
      part: 'certificate',
      certificateId: missing.certificateId,
      message: `certificate ${missing.certificateId} issued at ${missing.where} is missing from the bundle`,
    });
  }
  const { summary } = payload;
  if (
    summary.streams !== verdict.streams ||
    summary.events !== verdict.events ||
    summary.certificates !== payload.certificates.length
  ) {
    return fail({
      part: 'bundle',
      message: `bundle summary says ${summary.streams} streams, ${summary.events} events, ${summary.certificates} certificates; it holds ${verdict.streams}, ${verdict.events}, ${payload.certificates.length}`,
    });
  }

  const unsigned = await signatureProblem(bundle);
  if (unsigned) return fail(unsigned);
  if (!isCanonicalJson(bundle, input, 'bundle')) {
    return fail({
      part: 'bundle',
      message:
        'bundle is not in canonical JSON form (RFC 8785): its bytes were re-formatted or edited after export, though its signed content is intact',
    });
  }
  return { ...verdict, authentic: true };
};
