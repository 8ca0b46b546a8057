import type { Principal } from '@sensei/infra';
import type { RequestLoaders } from './loaders/request-loaders';

/** What every resolver gets: who asks (checked before any resolver runs) and the batching loaders. */
export interface GraphQLContext {
  principal?: Principal;
  loaders: RequestLoaders;
}
