import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('ColumnRef', { description: 'One column of one data store; store is `kind:uri`.' })
export class ColumnRefModel {
  @Field() store!: string;
  @Field() table!: string;
  @Field() column!: string;
}

@ObjectType('LineageStep', {
  description: 'One edge of a lineage walk: `from` fed `to` through `transform` in one mapping.',
})
export class LineageStepModel {
  @Field(() => ColumnRefModel) from!: ColumnRefModel;
  @Field(() => ColumnRefModel) to!: ColumnRefModel;
  @Field({ description: 'The SQL expression the mapping applied, or `identity`.' })
  transform!: string;
  @Field() migrationId!: string;
  @Field() mappingId!: string;
  @Field(() => Int, { description: '1 for an edge touching the asked column, then 2, 3, ...' })
  depth!: number;
}

@InputType({
  description:
    'A column: by store (`kind:uri`), or as a migration names it (its target column for UPSTREAM, its source column for DOWNSTREAM).',
})
export class LineageColumnInput {
  @Field() table!: string;
  @Field() column!: string;
  @Field(() => String, { nullable: true }) store?: string;
  @Field(() => String, { nullable: true }) migrationId?: string;
}
