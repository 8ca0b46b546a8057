import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JwtVerifier } from './jwt-verifier';

const secret = 'unit-secret-that-is-long-enough-0123456789';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('JwtVerifier', () => {
  it('accepts RS256 tokens signed by the configured key pair', () => {
    const verifier = new JwtVerifier({ jwtPublicKey: publicPem });
    const token = jwt.sign({ sub: 'alice', role: 'approver' }, privatePem, { algorithm: 'RS256' });
    expect(verifier.verify(token)).toEqual({ sub: 'alice', role: 'approver' });
  });

  it('refuses an HS256 token when only a public key is configured (no algorithm confusion)', () => {
    const verifier = new JwtVerifier({ jwtPublicKey: publicPem });
    // The classic attack: HMAC-sign with the public key as the secret.
    const forged = jwt.sign({ sub: 'mallory', role: 'admin' }, secret, { algorithm: 'HS256' });
    expect(() => verifier.verify(forged)).toThrow(/algorithm HS256 is not accepted/);
  });

  it('accepts both kinds when both are configured, and refuses unknown roles', () => {
    const verifier = new JwtVerifier({ jwtSecret: secret, jwtPublicKey: publicPem });
    expect(verifier.verify(jwt.sign({ sub: 'bob', role: 'viewer' }, secret)).sub).toBe('bob');
    const superuser = jwt.sign({ sub: 'bob', role: 'superuser' }, privatePem, {
      algorithm: 'RS256',
    });
    expect(() => verifier.verify(superuser)).toThrow(/role claim/);
  });
});
