/** Injection tokens for the ports the projections app is started with (interfaces need tokens). */
export const READ_SQL = Symbol('READ_SQL');
export const READ_MODEL_REPOSITORY = Symbol('READ_MODEL_REPOSITORY');
export const READ_SIDE = Symbol('READ_SIDE');
export const EVENT_HEAD = Symbol('EVENT_HEAD');
export const LINEAGE_READER = Symbol('LINEAGE_READER');
export const LINEAGE_STATUS = Symbol('LINEAGE_STATUS');
export const READ_MODEL_CACHES = Symbol('READ_MODEL_CACHES');
