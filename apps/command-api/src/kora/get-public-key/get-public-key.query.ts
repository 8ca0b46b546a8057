import { Query } from '@nestjs/cqrs';
import type { PublicKeyResponseDto } from './get-public-key.response.dto';

export class GetPublicKeyQuery extends Query<PublicKeyResponseDto> {}
