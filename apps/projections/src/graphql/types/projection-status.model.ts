import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from './scalars';

@ObjectType('ProjectionStatus')
export class ProjectionStatusModel {
  @Field() name!: string;
  @Field(() => Int) version!: number;
  @Field({
    description:
      'live, or building (a new version catching up beside the live one); the lineage projector: live, catching_up, retrying or stopped.',
  })
  state!: string;
  @Field(() => Float, { description: 'Global position of the last event applied.' })
  position!: number;
  @Field(() => Float, { nullable: true, description: 'Events in the log not applied yet.' })
  lagEvents!: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Age of the newest event relative to the last one applied; 0 when caught up.',
  })
  lagSeconds!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) lastEventAt!: string | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => Int, { description: 'Events set aside after failing their retries.' })
  parked!: number;
}

@ObjectType('ProjectionsStatus')
export class ProjectionsStatusModel {
  @Field(() => Float, {
    nullable: true,
    description: 'Position of the newest event in the log; null when the feed does not answer.',
  })
  headPosition!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) headRecordedAt!: string | null;
  @Field(() => [ProjectionStatusModel]) projections!: ProjectionStatusModel[];
}
