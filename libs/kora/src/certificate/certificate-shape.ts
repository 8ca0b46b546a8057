import { certificateStatuses } from '@sensei/domain';
import type { CertificateDocument } from './certificate-document';

/**
 * Strict shape checks for a certificate read from bytes nobody vouches for. Each returns the
 * first problem as one line naming the field, or undefined when the shape is right.
 */
type Check = (value: unknown, path: string) => string | undefined;

const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check = (value, path) =>
  typeof value === 'string' && value !== '' ? undefined : `${path} is ${typeOf(value)}, not text`;
const hex =
  (bytes: number, what = `${bytes} bytes of hex`): Check =>
  (value, path) =>
    typeof value === 'string' && new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(value)
      ? undefined
      : `${path} is not ${what}`;
const sha256 = hex(32, 'a SHA-256 hash (64 lower-case hex digits)');
const count: Check = (value, path) =>
  Number.isSafeInteger(value) && (value as number) >= 0
    ? undefined
    : `${path} is not a non-negative whole number`;
const number: Check = (value, path) =>
  typeof value === 'number' ? undefined : `${path} is ${typeOf(value)}, not a number`;
const oneOf =
  (allowed: readonly unknown[]): Check =>
  (value, path) =>
    allowed.includes(value)
      ? undefined
      : `${path} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`;
const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);
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
/** `exact`: no other fields allowed (the envelope); payload objects may grow new fields. */
const object =
  (fields: Record<string, Check>, exact = false): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path} is ${typeOf(value)}, not an object`;
    for (const [field, check] of Object.entries(fields)) {
      const problem = check(value[field], `${path}.${field}`);
      if (problem) return problem;
    }
    const extra = exact ? Object.keys(value).find((field) => !(field in fields)) : undefined;
    return extra === undefined ? undefined : `${path} has an unexpected field ${extra}`;
  };

const methods = ['query-replay', 'row-diff', 'expectation', 'statistics'] as const;
const hashedPart = object({ table: string, hash: sha256, rowCount: optional(count) });

const signatureBlock = object(
  {
    algorithm: oneOf(['Ed25519']),
    keyId: hex(8, '16 hex digits'),
    publicKey: hex(32),
    value: hex(64),
    payloadHash: optional(sha256),
  },
  true,
);

const payloadFields = object({
  kind: oneOf(['sensei.kora-certificate']),
  version: oneOf([1]),
  certificateId: string,
  migrationId: string,
  issuedAt: (value, path) =>
    typeof value === 'string' && !Number.isNaN(Date.parse(value))
      ? undefined
      : `${path} is not a timestamp`,
  status: oneOf(certificateStatuses),
  reasons: listOf((value, path) => (typeof value === 'string' ? undefined : `${path} is not text`)),
  methods: listOf(oneOf(methods)),
  tolerances: object({
    numericEpsilon: number,
    timestampToleranceMs: number,
    stringMode: oneOf(['exact', 'normalized']),
  }),
  checkpoint: object({
    takenAt: string,
    sourceSnapshot: string,
    sourcePartitions: listOf(hashedPart),
    transformedPartitions: listOf(hashedPart),
  }),
  mappingHash: sha256,
  transformationSqlHash: sha256,
  checks: listOf(
    object({
      id: string,
      method: oneOf(methods),
      table: string,
      column: optional(string),
      outcome: oneOf(['passed', 'failed', 'inconclusive']),
      message: string,
    }),
  ),
  evidence: listOf(object({ name: string, hash: sha256, size: count })),
});

/** The envelope and the signature block: enough to check the signature over the payload. */
export const envelopeProblem = (value: unknown): string | undefined => {
  if (!isRecord(value) || !isRecord(value.payload) || !('signature' in value)) {
    return 'certificate is not a KORA certificate: expected an object with payload and signature';
  }
  const { kind, version } = value.payload;
  if (kind !== 'sensei.kora-certificate') {
    return `certificate is not a KORA certificate: its kind is ${JSON.stringify(kind)}`;
  }
  if (version !== 1) {
    return `certificate version ${JSON.stringify(version)} is not one this sensei reads (1)`;
  }
  const extra = Object.keys(value).find((field) => field !== 'payload' && field !== 'signature');
  if (extra !== undefined) return `certificate has an unexpected field ${extra}`;
  return signatureBlock(value.signature, 'signature');
};

/** Every payload field the verifier and its readers rely on. */
export const payloadProblem = (document: CertificateDocument): string | undefined =>
  payloadFields(document.payload, 'payload');
