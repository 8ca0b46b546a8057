import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { GetPublicKeyQuery } from './get-public-key.query';
import { PublicKeyResponseDto } from './get-public-key.response.dto';

@ApiTags('kora')
@Controller('kora/public-key')
export class GetPublicKeyHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary:
      'The Ed25519 key that signs certificates, to pin with `sensei verify --public-key` (role: viewer)',
  })
  @ApiOkResponse({ type: PublicKeyResponseDto })
  get(): Promise<PublicKeyResponseDto> {
    return this.queryBus.execute(new GetPublicKeyQuery());
  }
}
