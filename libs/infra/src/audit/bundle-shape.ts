import { AUDIT_BUNDLE_KIND, AUDIT_BUNDLE_VERSION } from './audit-bundle';

/**
 * Strict shape checks for a bundle read from bytes nobody vouches for. Each returns the first
 * problem as one line naming where it is, or undefined when the shape is right.
 */
type Check = (value: unknown, path: string) => string | undefined;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text: Check = (value, path) =>
  typeof value === 'string' && value !== '' ? undefined : `${path} is ${typeOf(value)}, not text`;
const hex =
  (bytes: number, what: string): Check =>
  (value, path) =>
    typeof value === 'string' && new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(value)
      ? undefined
      : `${path} is not ${what}`;
const sha256 = hex(32, 'a SHA-256 hash (64 lower-case hex digits)');
const wholeFrom =
  (min: number): Check =>
  (value, path) =>
    Number.isSafeInteger(value) && (value as number) >= min
      ? undefined
      : `${path} is not a whole number from ${min}`;
const anything: Check = () => undefined;
const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);
const exactly =
  (expected: unknown): Check =>
  (value, path) =>
    value === expected
      ? undefined
      : `${path} is ${JSON.stringify(value)}, not ${JSON.stringify(expected)}`;
const object =
  (fields: Record<string, Check>, exact = true): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path} is ${typeOf(value)}, not an object`;
    for (const [field, check] of Object.entries(fields)) {
      const problem = check(value[field], `${path}.${field}`);
      if (problem) return problem;
    }
    const extra = exact ? Object.keys(value).find((field) => !(field in fields)) : undefined;
    return extra === undefined ? undefined : `${path} has an unexpected field ${extra}`;
  };
const listOf =
  (check: Check): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} is ${typeOf(value)}, not a list`;
    for (const [index, item] of value.entries()) {
      const problem = check(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  };

export const signatureShape = object({
  algorithm: exactly('Ed25519'),
  keyId: hex(8, '16 hex digits'),
  publicKey: hex(32, '32 bytes of hex'),
  value: hex(64, '64 bytes of hex'),
  payloadHash: optional(sha256),
});

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
  kind: exactly(AUDIT_BUNDLE_KIND),
  version: exactly(AUDIT_BUNDLE_VERSION),
  migrationId: text,
  exportedAt: text,
  exportedBy: text,
  summary: object({ streams: wholeFrom(0), events: wholeFrom(0), certificates: wholeFrom(0) }),
  streams: listOf(stream),
  certificates: listOf(certificate),
});

/** The first thing wrong with the bundle's shape, or undefined. */
export const bundleShapeProblem = (value: unknown): string | undefined => {
  if (!isRecord(value) || !isRecord(value.payload) || !('signature' in value)) {
    return 'this is not a Sensei audit bundle: expected an object with payload and signature';
  }
  const { kind, version } = value.payload;
  if (kind !== AUDIT_BUNDLE_KIND) {
    return `this is not a Sensei audit bundle: its kind is ${JSON.stringify(kind)}`;
  }
  if (version !== AUDIT_BUNDLE_VERSION) {
    return `audit bundle version ${JSON.stringify(version)} is not one this sensei reads (${AUDIT_BUNDLE_VERSION})`;
  }
  return object({ payload, signature: signatureShape })(value, 'bundle');
};
