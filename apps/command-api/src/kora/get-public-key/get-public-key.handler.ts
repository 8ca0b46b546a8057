import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { bytesToHex, type CertificateSigner, publicKeyToPem } from '@sensei/kora';
import { CERTIFICATE_SIGNER } from '../../adapters/tokens';
import { GetPublicKeyQuery } from './get-public-key.query';
import type { PublicKeyResponseDto } from './get-public-key.response.dto';

@QueryHandler(GetPublicKeyQuery)
export class GetPublicKeyHandler implements IQueryHandler<GetPublicKeyQuery> {
  constructor(@Inject(CERTIFICATE_SIGNER) private readonly signer: CertificateSigner) {}

  async execute(): Promise<PublicKeyResponseDto> {
    const { keyId, publicKey } = this.signer;
    return {
      algorithm: 'Ed25519',
      keyId,
      publicKey: bytesToHex(publicKey),
      pem: publicKeyToPem(publicKey),
    };
  }
}
