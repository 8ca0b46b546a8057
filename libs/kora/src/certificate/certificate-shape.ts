import { certificateStatuses } from '@sensei/domain';
import type { CertificateDocument } from './certificate-document';
import {
  isRecord,
  listOf,
  object,
  oneOf,
  optional,
  type ShapeCheck,
  sha256,
  signatureShape,
  signedEnvelopeProblem,
  text,
  typeOf,
} from './shape-checks';

const count: ShapeCheck = (value, path) =>
  Number.isSafeInteger(value) && (value as number) >= 0
    ? undefined
    : `${path} is not a non-negative whole number`;
const number: ShapeCheck = (value, path) =>
  typeof value === 'number' ? undefined : `${path} is ${typeOf(value)}, not a number`;

const methods = ['query-replay', 'row-diff', 'expectation', 'statistics'] as const;
const hashedPart = object({ table: text, hash: sha256, rowCount: optional(count) });

const payloadFields = object({
  kind: oneOf(['sensei.kora-certificate']),
  version: oneOf([1]),
  certificateId: text,
  migrationId: text,
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
    takenAt: text,
    sourceSnapshot: text,
    sourcePartitions: listOf(hashedPart),
    transformedPartitions: listOf(hashedPart),
  }),
  mappingHash: sha256,
  transformationSqlHash: sha256,
  checks: listOf(
    object({
      id: text,
      method: oneOf(methods),
      table: text,
      column: optional(text),
      outcome: oneOf(['passed', 'failed', 'inconclusive']),
      message: text,
    }),
  ),
  evidence: listOf(object({ name: text, hash: sha256, size: count })),
});

/** The envelope and the signature block: enough to check the signature over the payload. */
export const envelopeProblem = (value: unknown): string | undefined => {
  const envelope = signedEnvelopeProblem(value, {
    notOne: 'certificate is not a KORA certificate',
    name: 'certificate',
    kind: 'sensei.kora-certificate',
    version: 1,
  });
  if (envelope || !isRecord(value)) return envelope;
  const extra = Object.keys(value).find((field) => field !== 'payload' && field !== 'signature');
  if (extra !== undefined) return `certificate has an unexpected field ${extra}`;
  return signatureShape(value.signature, 'signature');
};

/** Every payload field the verifier and its readers rely on. */
export const payloadProblem = (document: CertificateDocument): string | undefined =>
  payloadFields(document.payload, 'payload');
