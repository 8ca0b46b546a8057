import { randomBytes } from 'node:crypto';
import { SenseiError } from '@sensei/domain';
import jwt, { type Algorithm } from 'jsonwebtoken';
import type { AuthConfig } from '../config/command-api.config';
import { isRole, type Role } from './roles';

export interface JwtClaims {
  sub: string;
  role: Role;
}

const invalidToken = (why: string): SenseiError =>
  new SenseiError('AUTH.UNAUTHENTICATED', `Invalid bearer token: ${why}`, {
    reason: 'invalid_token',
  });

/** Verifies HS256 (shared secret) and RS256 (PEM public key) tokens; nothing else. */
export class JwtVerifier {
  private readonly keys: Partial<Record<Algorithm, string>>;

  constructor(auth: Pick<AuthConfig, 'jwtSecret' | 'jwtPublicKey'>) {
    this.keys = {
      ...(auth.jwtSecret ? { HS256: auth.jwtSecret } : {}),
      ...(auth.jwtPublicKey ? { RS256: auth.jwtPublicKey } : {}),
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
