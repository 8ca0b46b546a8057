import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SenseiError } from '@sensei/domain';
import { ApiKeyStore, generateApiKey, hashApiKey } from '@sensei/infra';
import { randomUUID } from 'node:crypto';
import type { CreatedApiKeyResponseDto } from '../api-key.response.dto';
import { CreateApiKeyCommand } from './create-api-key.command';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeyStore) {}

  async execute({ name, role, createdBy }: CreateApiKeyCommand): Promise<CreatedApiKeyResponseDto> {
    const key = generateApiKey();
    const created = await this.apiKeys.create({
      id: randomUUID(),
      name,
      role,
      keyHash: hashApiKey(key),
      createdBy,
      createdAt: new Date().toISOString(),
    });
    if (!created) {
      throw new SenseiError('VALIDATION.FAILED', `An API key named ${name} already exists`, {
        fields: [{ field: 'name', problems: [`an API key named ${name} already exists`] }],
      });
    }
    return { ...created, key };
  }
}
