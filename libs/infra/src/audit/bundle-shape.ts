import { shapeChecks } from '@sensei/kora';
import { AUDIT_BUNDLE_KIND, AUDIT_BUNDLE_VERSION } from './audit-bundle';

/**
 * Strict shape checks for a bundle read from bytes nobody vouches for (the same checks a
 * certificate's shape is read with). Every object here allows no other fields.
 */
const { isRecord, listOf, oneOf, sha256, text } = shapeChecks;
type Check = shapeChecks.ShapeCheck;
const object = (fields: Record<string, Check>, exact = true): Check =>
  shapeChecks.object(fields, exact);

const wholeFrom =
  (min: number): Check =>
  (value, path) =>
    Number.isSafeInteger(value) && (value as number) >= min
      ? undefined
      : `${path} is not a whole number from ${min}`;
const anything: Check = () => undefined;

const metadata = object(
  { correlationId: text, causationId: text, actor: text, timestamp: text },
  false,
);
const eventFields = object({
  position: wholeFrom(1),
  revision: wholeFrom(0),
  id: text,
  type: text,
  schemaVersion: wholeFrom(1),
  data: anything,
  metadata,
  hash: sha256,
  prevHash: sha256,
  recordedAt: text,
});
/** An event's problem names the event by stream and revision, as a reader would look for it. */
const event =
  (streamId: unknown): Check =>
  (value, path) => {
    const problem = eventFields(value, path);
    if (!problem || !isRecord(value)) return problem;
    const where = `event at stream ${String(streamId)} revision ${String(value.revision)} (position ${String(value.position)})`;
    return `${where}: ${problem.replace(`${path}.`, '')}`;
  };
const stream: Check = (value, path) => {
  const streamId = isRecord(value) ? value.streamId : undefined;
  return object({
    streamId: text,
    chain: object({
      genesisHash: sha256,
      eventCount: wholeFrom(1),
      firstPosition: wholeFrom(1),
      lastPosition: wholeFrom(1),
      lastRevision: wholeFrom(0),
      lastHash: sha256,
    }),
    events: listOf(event(streamId)),
  })(value, path);
};
const certificate = object({
  certificateId: text,
  status: text,
  documentHash: sha256,
  evidenceHash: text,
  document: (value, path) => (isRecord(value) ? undefined : `${path} is not an object`),
  evidence: listOf(
    object({
      name: text,
      hash: sha256,
      size: wholeFrom(0),
      base64: (value, path) =>
        typeof value === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(value)
          ? undefined
          : `${path} is not base64`,
    }),
  ),
});
const payload = object({
  kind: oneOf([AUDIT_BUNDLE_KIND]),
  version: oneOf([AUDIT_BUNDLE_VERSION]),
  migrationId: text,
  exportedAt: text,
  exportedBy: text,
  summary: object({ streams: wholeFrom(0), events: wholeFrom(0), certificates: wholeFrom(0) }),
  streams: listOf(stream),
  certificates: listOf(certificate),
});

/** The first thing wrong with the bundle's shape, or undefined. */
export const bundleShapeProblem = (value: unknown): string | undefined => {
  const envelope = shapeChecks.signedEnvelopeProblem(value, {
    notOne: 'this is not a Sensei audit bundle',
    name: 'audit bundle',
    kind: AUDIT_BUNDLE_KIND,
    version: AUDIT_BUNDLE_VERSION,
  });
  if (envelope) return envelope;
  return object({ payload, signature: shapeChecks.signatureShape })(value, 'bundle');
};
