import { Catch, type ExceptionFilter } from '@nestjs/common';

/**
 * Hands resolver errors to GraphQL untouched. Without it Nest logs every one with its stack,
 * a client's bad cursor included; graphql-errors.ts decides what is logged and what is shown.
 */
@Catch()
export class RethrowToGraphql implements ExceptionFilter {
  catch(exception: unknown): never {
    throw exception;
  }
}
