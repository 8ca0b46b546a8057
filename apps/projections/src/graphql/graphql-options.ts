import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { Authenticator, ReadModelRepository } from '@sensei/infra';
import type { FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  validate,
  type ValidationRule,
} from 'graphql';
import type { ProjectionsConfig } from '../config/projections.config';
import { authorize, connectionInitHeaders } from './auth/graphql-auth';
import { formatGraphqlErrors } from './graphql-errors';
import type { GraphQLContext } from './graphql-context';
import { complexityLimitRule } from './limits/complexity-limit.rule';
import { depthLimitRule } from './limits/depth-limit.rule';
import { RequestLoaders } from './loaders/request-loaders';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './types/connection';
import { DateTimeScalar } from './types/scalars';

export const GRAPHQL_PATH = '/graphql';

export interface GraphqlDependencies {
  config: ProjectionsConfig['graphql'];
  repository: ReadModelRepository;
  authenticator: Authenticator;
}

export const limitRules = (config: ProjectionsConfig['graphql']): ValidationRule[] => [
  depthLimitRule(config.maxDepth),
  complexityLimitRule({
    maxComplexity: config.maxComplexity,
    defaultPageSize: DEFAULT_PAGE_SIZE,
    maxPageSize: MAX_PAGE_SIZE,
    listSize: config.listSize,
  }),
  ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
];

/**
 * Mercurius validates queries and mutations (once per query text, then cached) but runs a
 * subscription as it comes: the same rules are applied here before it starts.
 */
const validateSubscription =
  (rules: ValidationRule[]) =>
  (schema: GraphQLSchema, document: DocumentNode): void => {
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    const [first] = errors;
    if (first) throw first;
  };

/**
 * Code-first GraphQL on Mercurius: schema built in memory from the decorated classes, queries
 * compiled by graphql-jit after their first run, one set of batching loaders per request.
 */
export const graphqlOptions = ({
  config,
  repository,
  authenticator,
}: GraphqlDependencies): MercuriusDriverConfig => {
  const rules = limitRules(config);
  return {
    driver: MercuriusDriver,
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    path: GRAPHQL_PATH,
    graphiql: config.graphiql,
    jit: 1,
    validationRules: rules,
    errorFormatter: formatGraphqlErrors,
    context: (request: FastifyRequest): GraphQLContext => ({
      principal: request.principal,
      loaders: new RequestLoaders(repository),
    }),
    subscription: {
      // graphql-ws: the credential travels in connection_init (`{ authorization: 'Bearer ...' }`).
      onConnect: async ({ payload }: { payload: unknown }) => {
        try {
          return { principal: await authorize(authenticator, connectionInitHeaders(payload)) };
        } catch {
          return false;
        }
      },
      context: (): Partial<GraphQLContext> => ({ loaders: new RequestLoaders(repository) }),
    },
    hooks: { preSubscriptionExecution: validateSubscription(rules) },
  };
};
