import { Module } from '@nestjs/common';
import { CreateApiKeyHandler } from './create-api-key/create-api-key.handler';
import { CreateApiKeyHttpController } from './create-api-key/create-api-key.http.controller';
import { ListApiKeysHandler } from './list-api-keys/list-api-keys.handler';
import { ListApiKeysHttpController } from './list-api-keys/list-api-keys.http.controller';
import { RevokeApiKeyHandler } from './revoke-api-key/revoke-api-key.handler';
import { RevokeApiKeyHttpController } from './revoke-api-key/revoke-api-key.http.controller';

const controllers = [
  CreateApiKeyHttpController,
  ListApiKeysHttpController,
  RevokeApiKeyHttpController,
];
const commandHandlers = [CreateApiKeyHandler, RevokeApiKeyHandler];
const queryHandlers = [ListApiKeysHandler];

@Module({ controllers, providers: [...commandHandlers, ...queryHandlers] })
export class ApiKeysModule {}
