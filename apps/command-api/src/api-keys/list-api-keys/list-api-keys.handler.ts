import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ApiKeyStore } from '@sensei/infra';
import type { ApiKeyResponseDto } from '../api-key.response.dto';
import { ListApiKeysQuery } from './list-api-keys.query';

@QueryHandler(ListApiKeysQuery)
export class ListApiKeysHandler implements IQueryHandler<ListApiKeysQuery> {
  constructor(private readonly apiKeys: ApiKeyStore) {}

  execute(): Promise<ApiKeyResponseDto[]> {
    return this.apiKeys.list();
  }
}
