import { Command } from '@nestjs/cqrs';
import type { Role } from '@sensei/infra';
import type { CreatedApiKeyResponseDto } from '../api-key.response.dto';

export class CreateApiKeyCommand extends Command<CreatedApiKeyResponseDto> {
  constructor(
    readonly name: string,
    readonly role: Role,
    readonly createdBy: string,
  ) {
    super();
  }
}
