import { Inject, UseFilters } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { SenseiError } from '@sensei/domain';
import type { LineageReader } from '../../read-side/read-side.ports';
import { LINEAGE_READER } from '../../tokens';
import { LineageDirection } from '../types/enums';
import { LineageColumnInput, LineageStepModel } from '../types/lineage.model';
import { RethrowToGraphql } from '../rethrow.filter';

const startOf = ({ store, migrationId, table, column }: LineageColumnInput) => {
  if (store) return { store, table, column };
  if (migrationId) return { migrationId, table, column };
  throw new SenseiError('VALIDATION.FAILED', 'Name the column by store or by migrationId', {
    field: 'column',
  });
};

@UseFilters(RethrowToGraphql)
@Resolver()
export class LineageResolver {
  constructor(@Inject(LINEAGE_READER) private readonly lineageReader: LineageReader) {}

  @Query(() => [LineageStepModel], {
    description:
      'Where a column came from (UPSTREAM) or what it feeds (DOWNSTREAM), across migrations.',
  })
  lineage(
    @Args('column', { type: () => LineageColumnInput }) column: LineageColumnInput,
    @Args('direction', { type: () => LineageDirection, defaultValue: LineageDirection.UPSTREAM })
    direction: LineageDirection,
    @Args('maxDepth', { type: () => Int, nullable: true }) maxDepth?: number | null,
  ): Promise<LineageStepModel[]> {
    const start = startOf(column);
    return direction === LineageDirection.UPSTREAM
      ? this.lineageReader.upstream(start, maxDepth ?? undefined)
      : this.lineageReader.downstream(start, maxDepth ?? undefined);
  }
}
