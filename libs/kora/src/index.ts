export * from './engine/verification-input';
export * from './certificate/certificate-document';
export * from './engine/run-verification';
export * from './certificate/canonical-json';
export * from './certificate/certificate-signer.port';
export * from './certificate/public-key';
export * from './certificate/sign-certificate';
export * from './certificate/evidence-check';
export * from './certificate/verify-certificate';
export * from './certificate/signature-check';
export * as shapeChecks from './certificate/shape-checks';
export { valuesMatch, displayValue, jsonValue } from './engine/compare-values';
export { runQueryReplay, lowCardinalityLimit } from './engine/query-replay/run-query-replay';
export { runStatistics } from './engine/statistics/run-statistics';
export { runRowDiff, type RowDiffOptions } from './engine/row-diff/run-row-diff';
export { defaultBisectionOptions } from './engine/row-diff/bisect-segments';
export { runExpectations } from './engine/expectations/run-expectations';
export { deriveExpectations } from './engine/expectations/derive-expectations';
export { validateExpectations } from './engine/expectations/validate-expectations';
export {
  expectationCatalog,
  RELATED_TABLE_EXPECTATION,
} from './engine/expectations/expectation-catalog';
export type { ValidationResult } from './engine/expectations/expectation-results';
