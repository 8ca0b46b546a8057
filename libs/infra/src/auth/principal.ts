import type { Role } from './roles';

/** Who sent a request: `user:<sub>` for a JWT, `apikey:<name>` for an API key. */
export interface Principal {
  id: string;
  role: Role;
}
