import { ValidateBy, type ValidationOptions } from 'class-validator';

const isRowCounts = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((rows) => Number.isSafeInteger(rows) && (rows as number) >= 0);

/** `{ "<table>": <non-negative integer>, ... }` */
export const IsRowCounts = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRowCounts',
      validator: {
        validate: isRowCounts,
        defaultMessage: () => '$property must map table names to non-negative integer row counts',
      },
    },
    options,
  );
