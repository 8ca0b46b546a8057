import { Query } from '@nestjs/cqrs';
import type { ApiKeyResponseDto } from '../api-key.response.dto';

export class ListApiKeysQuery extends Query<ApiKeyResponseDto[]> {}
