import { ApiProperty } from '@nestjs/swagger';

export class PublicKeyResponseDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({
    example: 'fe812c12f3ab4ce6',
    description: 'First 16 hex digits of SHA-256 over the raw key; certificates name it',
  })
  keyId!: string;
  @ApiProperty({
    description: 'Raw 32-byte public key, hex (`sensei verify --public-key` reads it)',
  })
  publicKey!: string;
  @ApiProperty({ description: 'The same key as a PEM "PUBLIC KEY" (SPKI), as OpenSSL reads it' })
  pem!: string;
}
