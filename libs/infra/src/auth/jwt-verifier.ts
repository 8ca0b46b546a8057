import { createPublicKey, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { SenseiError } from '@sensei/domain';
import jwt, { type Algorithm } from 'jsonwebtoken';
import { isRole, type Role } from './roles';

/** The keys a JWT may be signed with; a deployment configures one or both. */
export interface JwtKeys {
  /** HS256 shared secret. */
  jwtSecret?: string;
  /** RS256 public key (PEM). */
  jwtPublicKey?: string;
}

export interface JwtClaims {
  sub: string;
  role: Role;
}

const invalidToken = (why: string): SenseiError =>
  new SenseiError('AUTH.UNAUTHENTICATED', `Invalid bearer token: ${why}`, {
    reason: 'invalid_token',
  });

/**
 * Verifies HS256 (shared secret) and RS256 (PEM public key) tokens; nothing else. The keys are
 * parsed once: handed a string, jsonwebtoken would try to parse it as a public key on every call.
 */
export class JwtVerifier {
  private readonly keys: Partial<Record<Algorithm, KeyObject>>;

  constructor(auth: JwtKeys) {
    this.keys = {
      ...(auth.jwtSecret ? { HS256: createSecretKey(Buffer.from(auth.jwtSecret)) } : {}),
      ...(auth.jwtPublicKey ? { RS256: createPublicKey(auth.jwtPublicKey) } : {}),
    };
  }

  verify(token: string): JwtClaims {
    const algorithm = jwt.decode(token, { complete: true })?.header.alg as Algorithm | undefined;
    const key = algorithm && this.keys[algorithm];
    if (!algorithm || !key)
      throw invalidToken(`algorithm ${algorithm ?? 'unknown'} is not accepted`);
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key, { algorithms: [algorithm], clockTolerance: 5 });
    } catch (error) {
      throw invalidToken(error instanceof Error ? error.message : 'verification failed');
    }
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || payload.sub === '') {
      throw invalidToken('the sub claim is missing');
    }
    const role: unknown = payload.role;
    if (!isRole(role)) throw invalidToken('the role claim is missing or unknown');
    return { sub: payload.sub, role };
  }
}

export const generateDevSecret = (): string => randomBytes(48).toString('base64url');

export const signHs256 = (
  claims: JwtClaims,
  secret: string,
  expiresIn: jwt.SignOptions['expiresIn'],
) => jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn });
