export * from './format-pattern';
export * from './column-profile';
export * from './pii-checks';
export * from './pii-rules';
export * from './pii-detection';
export * from './pii-policy';
export * from './windows-1252';
export * from './encoding-check';
