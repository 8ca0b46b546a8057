/**
 * Strict shape checks for signed JSON read from bytes nobody vouches for (a certificate, an audit
 * bundle). Each returns the first problem as one line naming where it is, or undefined when the
 * shape is right.
 */
export type ShapeCheck = (value: unknown, path: string) => string | undefined;

export const typeOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Non-empty text. */
export const text: ShapeCheck = (value, path) =>
  typeof value === 'string' && value !== '' ? undefined : `${path} is ${typeOf(value)}, not text`;

/** Exactly `bytes` bytes as lower-case hex. */
export const hex =
  (bytes: number, what = `${bytes} bytes of hex`): ShapeCheck =>
  (value, path) =>
    typeof value === 'string' && new RegExp(`^[0-9a-f]{${bytes * 2}}$`).test(value)
      ? undefined
      : `${path} is not ${what}`;

export const sha256 = hex(32, 'a SHA-256 hash (64 lower-case hex digits)');

export const oneOf =
  (allowed: readonly unknown[]): ShapeCheck =>
  (value, path) =>
    allowed.includes(value)
      ? undefined
      : `${path} is ${JSON.stringify(value)}, not one of ${allowed.join(', ')}`;

export const optional =
  (check: ShapeCheck): ShapeCheck =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);

export const listOf =
  (check: ShapeCheck): ShapeCheck =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} is ${typeOf(value)}, not a list`;
    for (const [index, item] of value.entries()) {
      const problem = check(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  };

/** `exact`: no other fields allowed (an envelope); payload objects may grow new fields. */
export const object =
  (fields: Record<string, ShapeCheck>, exact = false): ShapeCheck =>
  (value, path) => {
    if (!isRecord(value)) return `${path} is ${typeOf(value)}, not an object`;
    for (const [field, check] of Object.entries(fields)) {
      const problem = check(value[field], `${path}.${field}`);
      if (problem) return problem;
    }
    const extra = exact ? Object.keys(value).find((field) => !(field in fields)) : undefined;
    return extra === undefined ? undefined : `${path} has an unexpected field ${extra}`;
  };

/** The signature block a certificate and an audit bundle share (`CertificateSignature`). */
export const signatureShape: ShapeCheck = object(
  {
    algorithm: oneOf(['Ed25519']),
    keyId: hex(8, '16 hex digits'),
    publicKey: hex(32),
    value: hex(64),
    payloadHash: optional(sha256),
  },
  true,
);

export interface SignedEnvelopeKind {
  /** Opens the message when it is something else, e.g. `certificate is not a KORA certificate`. */
  notOne: string;
  /** Names it before its version, e.g. `certificate`. */
  name: string;
  kind: string;
  version: number;
}

/**
 * `{ payload, signature }` with the expected `payload.kind` and `payload.version`: the first
 * problem, or undefined. Neither the rest of the payload nor the signature block is checked.
 */
export const signedEnvelopeProblem = (
  value: unknown,
  expected: SignedEnvelopeKind,
): string | undefined => {
  if (!isRecord(value) || !isRecord(value.payload) || !('signature' in value)) {
    return `${expected.notOne}: expected an object with payload and signature`;
  }
  const { kind, version } = value.payload;
  if (kind !== expected.kind) return `${expected.notOne}: its kind is ${JSON.stringify(kind)}`;
  if (version !== expected.version) {
    return `${expected.name} version ${JSON.stringify(version)} is not one this sensei reads (${expected.version})`;
  }
  return undefined;
};
