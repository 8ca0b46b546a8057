import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiKeyStore } from '@sensei/infra';
import { NotFoundException } from '@nestjs/common';
import { RevokeApiKeyCommand } from './revoke-api-key.command';

@CommandHandler(RevokeApiKeyCommand)
export class RevokeApiKeyHandler implements ICommandHandler<RevokeApiKeyCommand> {
  constructor(private readonly apiKeys: ApiKeyStore) {}

  async execute({ id }: RevokeApiKeyCommand): Promise<void> {
    const revoked = await this.apiKeys.revoke(id, new Date().toISOString());
    if (!revoked) throw new NotFoundException(`No active API key ${id}`);
  }
}
