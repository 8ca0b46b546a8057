import { UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { MappingRecord } from '@sensei/infra';
import type { RequestLoaders } from '../loaders/request-loaders';
import { decodeCursor, isTimeKey, pageSize, toConnection } from '../types/connection';
import { MappingConnection } from '../types/connections';
import { Mapping, toMapping } from '../types/migration-parts.model';
import { MigrationModel, toMigrationModel } from '../types/migration.model';
import { RethrowToGraphql } from '../rethrow.filter';

@UseFilters(RethrowToGraphql)
@Resolver(() => Mapping)
export class ReviewQueueResolver {
  @Query(() => MappingConnection, {
    description:
      'Mappings waiting for a human decision, oldest first; optionally of one migration.',
  })
  async reviewQueue(
    @Context('loaders') loaders: RequestLoaders,
    @Args('migrationId', { type: () => ID, nullable: true }) migrationId?: string | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<MappingConnection> {
    const limit = pageSize(first ?? undefined);
    const filter = { migrationId: migrationId ?? undefined };
    const rows = await loaders.repository.reviewQueuePage(filter, {
      limit: limit + 1,
      after: decodeCursor(after ?? undefined, isTimeKey(2)),
    });
    return toConnection(
      rows,
      limit,
      toMapping,
      (row: MappingRecord) => row.sortKey,
      () => loaders.repository.countReviewQueue(filter),
    );
  }

  @ResolveField(() => MigrationModel, {
    nullable: true,
    description: 'The migration it belongs to.',
  })
  async migration(
    @Parent() mapping: Mapping,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<MigrationModel | null> {
    const record = await loaders.migration.load(mapping.migrationId);
    return record ? toMigrationModel(record) : null;
  }
}
