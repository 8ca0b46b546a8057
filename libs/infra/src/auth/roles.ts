/** Roles in ascending order of power: each may do everything the ones before it may. */
export const roles = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (roles as readonly string[]).includes(value);

export const hasRole = (held: Role, required: Role): boolean =>
  roles.indexOf(held) >= roles.indexOf(required);
