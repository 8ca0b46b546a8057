/**
 * A validated DTO as plain JSON data for a command: no class prototypes and no properties left
 * `undefined` by class fields, so the event written is exactly what the client sent.
 */
export const toPlain = <T extends object>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;
