import type { EventFeed, LineageGraph, LineageProjector, ReadSide } from '@sensei/infra';

/**
 * What the GraphQL app needs from the read side, narrowed to the members it uses so a test can
 * start the app with any of them (or none) supplied.
 */

/** The read side's hook after each committed batch, and its per-projection status. */
export type ReadSideRuntime = Pick<ReadSide, 'onApplied' | 'status'>;

/** The event feed's head: lag, and readiness. */
export type EventHead = Pick<EventFeed, 'head' | 'description'>;

/** The questions GraphQL asks the lineage graph. */
export type LineageReader = Pick<LineageGraph, 'upstream' | 'downstream'>;

/** The lineage projector, for its place in the status. */
export type LineageStatusSource = Pick<LineageProjector, 'status'>;
