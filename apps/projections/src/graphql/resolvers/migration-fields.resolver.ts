import { Inject, UseFilters } from '@nestjs/common';
import { Args, Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ActivityRecord } from '@sensei/infra';
import type { LineageReader } from '../../read-side/read-side.ports';
import { LINEAGE_READER } from '../../tokens';
import type { RequestLoaders } from '../loaders/request-loaders';
import { decodeCursor, pageSize, toConnection } from '../types/connection';
import { ActivityConnection } from '../types/connections';
import { LineageDirection, MappingStatus, TableRole } from '../types/enums';
import { LineageStepModel } from '../types/lineage.model';
import {
  Certificate,
  DeliveryReceipt,
  Mapping,
  MigrationTable,
  PiiFinding,
  toCertificate,
  toDeliveryReceipt,
  toMapping,
  toMigrationTable,
  toPiiFinding,
} from '../types/migration-parts.model';
import { MigrationModel } from '../types/migration.model';
import { RethrowToGraphql } from '../rethrow.filter';

const isPosition = (key: string): boolean => /^\d+$/.test(key);

/** The parts of a migration, each loaded in one batch for every migration of the response. */
@UseFilters(RethrowToGraphql)
@Resolver(() => MigrationModel)
export class MigrationFieldsResolver {
  constructor(@Inject(LINEAGE_READER) private readonly lineageReader: LineageReader) {}

  @ResolveField(() => [MigrationTable], { description: 'Per-table progress.' })
  async tables(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
    @Args('role', { type: () => TableRole, nullable: true }) role?: TableRole | null,
  ): Promise<MigrationTable[]> {
    const tables = await loaders.tables.load(migration.id);
    return (role ? tables.filter((table) => table.role === (role as string)) : tables).map(
      toMigrationTable,
    );
  }

  @ResolveField(() => [Mapping], { description: 'Column mappings, optionally of some statuses.' })
  async mappings(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
    @Args('status', { type: () => [MappingStatus], nullable: true })
    status?: MappingStatus[] | null,
  ): Promise<Mapping[]> {
    const statuses = status?.length ? [...status].sort() : undefined;
    return (await loaders.mappings.for(statuses).load(migration.id)).map(toMapping);
  }

  @ResolveField(() => Certificate, { nullable: true, description: 'The latest certificate.' })
  async certificate(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<Certificate | null> {
    if (!migration.certificateId) return null;
    const record = await loaders.certificate.load(migration.certificateId);
    return record ? toCertificate(record) : null;
  }

  @ResolveField(() => [Certificate], { description: 'Every certificate issued, oldest first.' })
  async certificates(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<Certificate[]> {
    return (await loaders.certificates.load(migration.id)).map(toCertificate);
  }

  @ResolveField(() => DeliveryReceipt, { nullable: true, description: 'The delivery receipt.' })
  async receipt(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<DeliveryReceipt | null> {
    const record = await loaders.receipt.load(migration.id);
    return record ? toDeliveryReceipt(record) : null;
  }

  @ResolveField(() => [PiiFinding], { description: 'Columns the ingestion flagged as personal.' })
  async piiFindings(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<PiiFinding[]> {
    return (await loaders.piiFindings.load(migration.id)).map(toPiiFinding);
  }

  @ResolveField(() => ActivityConnection, {
    description: 'The audit log: every decision in order, with actor, reason and correlation.',
  })
  async activity(
    @Parent() migration: MigrationModel,
    @Context('loaders') loaders: RequestLoaders,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
    @Args('agentsOnly', {
      type: () => Boolean,
      nullable: true,
      description: 'Only what agents did.',
    })
    agentsOnly?: boolean | null,
  ): Promise<ActivityConnection> {
    const limit = pageSize(first ?? undefined);
    const query = {
      limit: limit + 1,
      after: decodeCursor(after ?? undefined, isPosition),
      agentsOnly: agentsOnly ?? false,
    };
    const rows = await loaders.activity.for(query).load(migration.id);
    return toConnection(
      rows,
      limit,
      (row: ActivityRecord) => row,
      (row) => String(row.position),
      () => loaders.repository.countActivity(migration.id, query.agentsOnly),
    );
  }

  @ResolveField(() => [LineageStepModel], {
    description:
      "Lineage of one of this migration's columns: UPSTREAM from a target column, DOWNSTREAM from a source column, across every migration.",
  })
  async lineage(
    @Parent() migration: MigrationModel,
    @Args('table') table: string,
    @Args('column') column: string,
    @Args('direction', { type: () => LineageDirection, defaultValue: LineageDirection.UPSTREAM })
    direction: LineageDirection,
    @Args('maxDepth', { type: () => Int, nullable: true }) maxDepth?: number | null,
  ): Promise<LineageStepModel[]> {
    const start = { migrationId: migration.id, table, column };
    return direction === LineageDirection.UPSTREAM
      ? this.lineageReader.upstream(start, maxDepth ?? undefined)
      : this.lineageReader.downstream(start, maxDepth ?? undefined);
  }
}
