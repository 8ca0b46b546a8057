import { ValidationPipe } from '@nestjs/common';
import { SenseiError } from '@sensei/domain';
import type { ValidationError } from 'class-validator';

export interface FieldProblems {
  field: string;
  problems: string[];
}

const join = (parent: string, property: string): string => {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
};

/** Flattens class-validator's tree into `[{ field: 'source.uri', problems: [...] }]`. */
export const fieldProblems = (errors: readonly ValidationError[], parent = ''): FieldProblems[] =>
  errors.flatMap((error) => {
    const field = join(parent, error.property ?? '');
    const own = Object.values(error.constraints ?? {});
    const nested = fieldProblems(error.children ?? [], field);
    return own.length > 0 ? [{ field: field || '(body)', problems: own }, ...nested] : nested;
  });

export const validationFailed = (fields: FieldProblems[]): SenseiError =>
  new SenseiError(
    'VALIDATION.FAILED',
    `Request validation failed: ${fields.map((f) => f.field).join(', ')}`,
    { fields },
  );

/** Unknown fields, wrong types and missing fields are a 400 before anything is decided. */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    // Off so that commands without input (EmptyRequestDto) still refuse any field sent.
    forbidUnknownValues: false,
    transform: true,
    exceptionFactory: (errors) => validationFailed(fieldProblems(errors)),
  });
