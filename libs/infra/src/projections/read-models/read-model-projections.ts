import type { Projection } from '../projection';
import { activityProjection } from './activity/activity.projection';
import { migrationsProjection } from './migrations/migrations.projection';

/** Every read model in schema `read`; each runs (and fails, and rebuilds) on its own. */
export const readModelProjections = (): Projection[] => [migrationsProjection, activityProjection];
