export * from './shared/sensei-error';
export * from './shared/decider';
export * from './migration';
export * from './catalog';
export * from './mapping';
export * from './transformation';
export * from './ingestion';
