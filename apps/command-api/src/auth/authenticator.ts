import { Injectable } from '@nestjs/common';
import { SenseiError } from '@sensei/domain';
import { ApiKeyStore } from '@sensei/infra';
import type { IncomingHttpHeaders } from 'node:http';
import { hashApiKey } from './api-key';
import { JwtVerifier } from './jwt-verifier';
import type { Principal } from './principal';
import { isRole } from './roles';

type Credential = { kind: 'bearer'; token: string } | { kind: 'apiKey'; key: string };

const unauthenticated = (message: string, reason = 'missing_credentials'): SenseiError =>
  new SenseiError('AUTH.UNAUTHENTICATED', message, { reason });

const credentialFrom = (headers: IncomingHttpHeaders): Credential => {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return { kind: 'apiKey', key: apiKey };
  const authorization = headers.authorization;
  if (!authorization) {
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

/** Turns the credential on a request into a principal, or fails with AUTH.UNAUTHENTICATED. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly jwt: JwtVerifier,
    private readonly apiKeys: ApiKeyStore,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
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
