import { Controller, Delete, HttpCode, HttpStatus, Param, ParseUUIDPipe } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

@ApiTags('api-keys')
@Controller('api-keys')
export class RevokeApiKeyHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':keyId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRole('admin')
  @ApiOperation({ summary: 'Revoke an API key at once (role: admin)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revoke(@Param('keyId', ParseUUIDPipe) keyId: string): Promise<void> {
    return this.commandBus.execute(new RevokeApiKeyCommand(keyId));
  }
}
