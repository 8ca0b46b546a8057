import { UseFilters } from '@nestjs/common';
import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import type { MigrationRecord } from '@sensei/infra';
import { decodeCursor, isTimeKey, pageSize, toConnection } from '../types/connection';
import { MigrationConnection } from '../types/connections';
import { MigrationFilterInput } from '../types/migration-filter.input';
import { MigrationModel, toMigrationModel } from '../types/migration.model';
import type { RequestLoaders } from '../loaders/request-loaders';
import { RethrowToGraphql } from '../rethrow.filter';

@UseFilters(RethrowToGraphql)
@Resolver(() => MigrationModel)
export class MigrationsResolver {
  @Query(() => MigrationModel, { nullable: true, description: 'One migration, or null.' })
  async migration(
    @Args('id', { type: () => ID }) id: string,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<MigrationModel | null> {
    const record = await loaders.migration.load(id);
    return record ? toMigrationModel(record) : null;
  }

  @Query(() => MigrationConnection, { description: 'Migrations, newest first.' })
  async migrations(
    @Context('loaders') loaders: RequestLoaders,
    @Args('filter', { type: () => MigrationFilterInput, nullable: true })
    filter?: MigrationFilterInput | null,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<MigrationConnection> {
    const limit = pageSize(first ?? undefined);
    const criteria = {
      statuses: filter?.status ?? undefined,
      requestedBy: filter?.requestedBy ?? undefined,
      requestedAfter: filter?.requestedAfter ?? undefined,
      requestedBefore: filter?.requestedBefore ?? undefined,
      certificateStatuses: filter?.certificateStatus ?? undefined,
    };
    const rows = await loaders.repository.migrationsPage(criteria, {
      limit: limit + 1,
      after: decodeCursor(after ?? undefined, isTimeKey(1)),
    });
    loaders.primeMigrations(rows);
    return toConnection(
      rows,
      limit,
      toMigrationModel,
      (row: MigrationRecord) => row.sortKey,
      () => loaders.repository.countMigrations(criteria),
    );
  }
}
