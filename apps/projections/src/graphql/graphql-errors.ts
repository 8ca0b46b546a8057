import { Logger } from '@nestjs/common';
import { isSenseiError } from '@sensei/domain';
import { type ExecutionResult, GraphQLError } from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';
import { graphqlCodeOf } from './auth/graphql-auth';

const logger = new Logger('GraphQL');

/**
 * Sensei errors keep their message and get `extensions.code` (the GraphQL convention:
 * BAD_USER_INPUT, NOT_FOUND, ...) beside `senseiCode` and the details; any other error raised
 * while resolving is logged and reaches the client as INTERNAL_SERVER_ERROR, without its message
 * (it may quote SQL). Parse and validation errors pass through (HTTP 400).
 */
const present = (error: GraphQLError): GraphQLError => {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError || 'errors' in original) return error;
  if (isSenseiError(original)) {
    return new GraphQLError(original.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: {
        code: graphqlCodeOf(original.code),
        senseiCode: original.code,
        ...original.details,
      },
    });
  }
  logger.error(`${error.path?.join('.') ?? 'request'}: ${original.message}`, original.stack);
  return new GraphQLError('Internal server error', {
    nodes: error.nodes,
    path: error.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
};

export const formatGraphqlErrors = (
  execution: ExecutionResult & { statusCode?: number },
  context: MercuriusContext,
) =>
  mercurius.defaultErrorFormatter(
    { ...execution, errors: execution.errors?.map(present) } as Parameters<
      typeof mercurius.defaultErrorFormatter
    >[0],
    context,
  );
