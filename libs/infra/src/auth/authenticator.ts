import { SenseiError } from '@sensei/domain';
import type { ApiKeyStore } from './api-key-store.port';
import { hashApiKey } from './api-key';
import type { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { isRole } from './roles';

/** HTTP request headers, or the same names sent in a WebSocket `connection_init` payload. */
export type CredentialHeaders = Readonly<Record<string, string | string[] | undefined>>;

type Credential = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string };

const unauthenticated = (message: string, reason = 'missing_credentials'): SenseiError =>
  new SenseiError('AUTH.UNAUTHENTICATED', message, { reason });

const credentialFrom = (headers: CredentialHeaders): Credential => {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return { kind: 'apiKey', key: apiKey };
  const authorization = headers.authorization;
  if (typeof authorization !== 'string' || authorization === '') {
    throw unauthenticated(
      'Send a bearer token (Authorization: Bearer ...) or an API key (X-API-Key)',
    );
  }
  const [scheme = '', value = ''] = authorization.trim().split(/\s+/, 2);
  if (value === '')
    throw unauthenticated('The Authorization header has no credential', 'invalid_request');
  if (scheme.toLowerCase() === 'bearer') return { kind: 'bearer', token: value };
  if (scheme.toLowerCase() === 'apikey') return { kind: 'apiKey', key: value };
  throw unauthenticated(
    `Unsupported authorization scheme ${scheme}; use Bearer or ApiKey`,
    'invalid_request',
  );
};

/**
 * Turns the credential on a request into a principal, or fails with AUTH.UNAUTHENTICATED: a JWT
 * (HS256/RS256) or an API key looked up by its hash. Shared by the command API and the GraphQL
 * read API, so both accept the same credentials and roles.
 */
export class Authenticator {
  constructor(
    private readonly jwt: JwtVerifier,
    private readonly apiKeys: ApiKeyStore,
  ) {}

  async authenticate(headers: CredentialHeaders): Promise<Principal> {
    const credential = credentialFrom(headers);
    if (credential.kind === 'bearer') {
      const { sub, role } = this.jwt.verify(credential.token);
      return { id: `user:${sub}`, role };
    }
    const record = await this.apiKeys.findActiveByHash(hashApiKey(credential.key));
    if (!record || !isRole(record.role)) {
      throw unauthenticated('Unknown or revoked API key', 'invalid_api_key');
    }
    return { id: `apikey:${record.name}`, role: record.role };
  }
}
