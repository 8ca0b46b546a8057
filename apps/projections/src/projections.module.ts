import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { ReadModelRepository, type Authenticator, type SqlClient } from '@sensei/infra';
import type { ProjectionsConfig } from './config/projections.config';
import { graphqlOptions } from './graphql/graphql-options';
import { LineageResolver } from './graphql/resolvers/lineage.resolver';
import { MigrationFieldsResolver } from './graphql/resolvers/migration-fields.resolver';
import { MigrationProgressResolver } from './graphql/resolvers/migration-progress.resolver';
import { MigrationsResolver } from './graphql/resolvers/migrations.resolver';
import { ProjectionsStatusResolver } from './graphql/resolvers/projections-status.resolver';
import { ReviewQueueResolver } from './graphql/resolvers/review-queue.resolver';
import { totalCountResolvers } from './graphql/resolvers/total-count.resolvers';
import { HealthHttpController } from './http/health.http.controller';
import { ReadSideListeners } from './progress/read-side-listeners.provider';
import type { ReadModelCache } from './read-models/read-model.cache';
import { ProjectionsStatusService } from './read-side/projections-status.service';
import type {
  EventHead,
  LineageReader,
  LineageStatusSource,
  ReadSideRuntime,
} from './read-side/read-side.ports';
import {
  EVENT_HEAD,
  LINEAGE_READER,
  LINEAGE_STATUS,
  READ_MODEL_CACHES,
  READ_MODEL_REPOSITORY,
  READ_SIDE,
  READ_SQL,
} from './tokens';

/** The opened ports the GraphQL app reads from; their lifecycles stay with the caller. */
export interface ProjectionsPorts {
  /** The read database: views in schema `read`. */
  readSql: SqlClient;
  lineage: LineageReader;
  /** The running read side: drives subscriptions and the status. */
  readSide?: ReadSideRuntime;
  /** The event feed, for lag and /readyz. */
  feed?: EventHead;
  /** The lineage projector, listed in the status. */
  lineageStatus?: LineageStatusSource;
}

/** Cleared together on every commit of the read side (see ReadSideListeners). */
export interface ProjectionsCaches {
  /** Read-model rows, by SQL and parameters. */
  reads: ReadModelCache;
  /** Whole GraphQL answers, by query, variables and operation. */
  responses: ReadModelCache;
}

const resolvers = [
  MigrationsResolver,
  MigrationFieldsResolver,
  ReviewQueueResolver,
  ProjectionsStatusResolver,
  LineageResolver,
  MigrationProgressResolver,
  ...totalCountResolvers,
];

const optional = (token: symbol, value: unknown) =>
  value ? [{ provide: token, useValue: value }] : [];

@Module({})
export class ProjectionsModule {
  static forRoot(
    config: ProjectionsConfig,
    ports: ProjectionsPorts,
    authenticator: Authenticator,
    caches: ProjectionsCaches,
  ): DynamicModule {
    const repository = new ReadModelRepository(ports.readSql, caches.reads);
    const adapters = [
      { provide: READ_SQL, useValue: ports.readSql },
      { provide: READ_MODEL_CACHES, useValue: caches },
      { provide: READ_MODEL_REPOSITORY, useValue: repository },
      { provide: LINEAGE_READER, useValue: ports.lineage },
      ...optional(READ_SIDE, ports.readSide),
      ...optional(EVENT_HEAD, ports.feed),
      ...optional(LINEAGE_STATUS, ports.lineageStatus),
    ];
    return {
      module: ProjectionsModule,
      imports: [
        GraphQLModule.forRoot<MercuriusDriverConfig>(
          graphqlOptions({ config: config.graphql, repository, authenticator }),
        ),
      ],
      controllers: [HealthHttpController],
      providers: [...adapters, ProjectionsStatusService, ReadSideListeners, ...resolvers],
    };
  }
}
