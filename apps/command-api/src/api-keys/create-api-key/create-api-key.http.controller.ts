import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@sensei/infra';
import { CurrentPrincipal, RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { SkipIdempotency } from '../../idempotency/skip-idempotency.decorator';
import { CreatedApiKeyResponseDto } from '../api-key.response.dto';
import { CreateApiKeyCommand } from './create-api-key.command';
import { CreateApiKeyRequestDto } from './create-api-key.request.dto';

@ApiTags('api-keys')
@Controller('api-keys')
export class CreateApiKeyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Create an API key; the key is returned once, only its hash is kept (role: admin)',
  })
  @SkipIdempotency('the response holds the plaintext key; a unique name makes retries harmless')
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  create(
    @Body() { name, role }: CreateApiKeyRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiKeyResponseDto> {
    return this.commandBus.execute(new CreateApiKeyCommand(name, role, principal.id));
  }
}
