import { UseFilters } from '@nestjs/common';
import {
  Args,
  Context,
  Field,
  Float,
  ID,
  ObjectType,
  Parent,
  ResolveField,
  Resolver,
  Subscription,
} from '@nestjs/graphql';
import { SenseiError } from '@sensei/domain';
import type { Principal } from '@sensei/infra';
import { type ProgressPayload, progressTopic } from '../../progress/progress-publisher';
import type { GraphQLContext } from '../graphql-context';
import { RequestLoaders } from '../loaders/request-loaders';
import { MigrationModel, toMigrationModel } from '../types/migration.model';
import { RethrowToGraphql } from '../rethrow.filter';

@ObjectType('MigrationProgress', {
  description: 'Sent each time the read side applied events of the migration.',
})
export class MigrationProgressModel {
  @Field(() => ID) migrationId!: string;
  @Field(() => Float, { description: 'Position of the last event applied.' }) position!: number;
  @Field(() => [String], { description: 'Types of the events applied, in order.' })
  eventTypes!: string[];
}

interface SubscriptionContext extends GraphQLContext {
  pubsub: { subscribe(topic: string): Promise<AsyncIterable<unknown>> };
}

/**
 * Each update reads the migration as it is now: the loaders (whose cache lives as long as the
 * context) are replaced before the update's fields resolve.
 */
const freshUpdate = (payload: ProgressPayload, _args: unknown, context: GraphQLContext) => {
  context.loaders = new RequestLoaders(context.loaders.repository);
  return payload;
};

@UseFilters(RethrowToGraphql)
@Resolver(() => MigrationProgressModel)
export class MigrationProgressResolver {
  @Subscription(() => MigrationProgressModel, {
    resolve: freshUpdate,
    description: 'Live progress of one migration, over WebSocket (graphql-ws).',
  })
  migrationProgress(
    @Args('migrationId', { type: () => ID }) migrationId: string,
    @Context() context: SubscriptionContext,
  ): Promise<AsyncIterable<unknown>> {
    assertAuthenticated(context.principal);
    return context.pubsub.subscribe(progressTopic(migrationId));
  }

  @ResolveField(() => MigrationModel, {
    nullable: true,
    description: 'The migration as it is now.',
  })
  async migration(
    @Parent() progress: MigrationProgressModel,
    @Context('loaders') loaders: RequestLoaders,
  ): Promise<MigrationModel | null> {
    const record = await loaders.migration.load(progress.migrationId);
    return record ? toMigrationModel(record) : null;
  }
}

/** The WebSocket's connection_init is authenticated; this guards against a context without it. */
const assertAuthenticated = (principal: Principal | undefined): void => {
  if (!principal) {
    throw new SenseiError('AUTH.UNAUTHENTICATED', 'Authenticate in connection_init', {
      reason: 'missing_credentials',
    });
  }
};
