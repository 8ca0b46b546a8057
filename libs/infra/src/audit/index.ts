// Read side (issue 5): public surface of audit.
export * from './audit-bundle';
export * from './audit-entry';
export * from './decision-summary';
export * from './chain-check';
export * from './replay-point';
export * from './replay-migration';
export * from './build-audit-bundle';
export * from './bundle-verdict';
export * from './verify-audit-bundle';
export * from './sql-audit-trail';
