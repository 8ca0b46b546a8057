import { Inject, UseFilters } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { ProjectionsStatusService } from '../../read-side/projections-status.service';
import { ProjectionsStatusModel } from '../types/projection-status.model';
import { RethrowToGraphql } from '../rethrow.filter';

@UseFilters(RethrowToGraphql)
@Resolver()
export class ProjectionsStatusResolver {
  constructor(
    @Inject(ProjectionsStatusService) private readonly status: ProjectionsStatusService,
  ) {}

  @Query(() => ProjectionsStatusModel, {
    description: 'Each projection: position, lag in events and seconds, parked events, last error.',
  })
  projectionStatus(): Promise<ProjectionsStatusModel> {
    return this.status.read();
  }
}
