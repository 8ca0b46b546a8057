import { UseFilters } from '@nestjs/common';
import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { Connection } from '../types/connection';
import { ActivityConnection, MappingConnection, MigrationConnection } from '../types/connections';
import { RethrowToGraphql } from '../rethrow.filter';

/** totalCount costs a COUNT query, so it runs only when a client selects it. */
const totalCountResolver = (connection: object) => {
  @UseFilters(RethrowToGraphql)
  @Resolver(() => connection)
  class TotalCountResolver {
    @ResolveField(() => Int)
    totalCount(@Parent() parent: Connection<unknown>): Promise<number> {
      return parent.countTotal();
    }
  }
  return TotalCountResolver;
};

export const totalCountResolvers = [
  totalCountResolver(MigrationConnection),
  totalCountResolver(MappingConnection),
  totalCountResolver(ActivityConnection),
];
