export * from './duckdb-sql';
export * from './pii-expression';
export * from './target-default';
export * from './column-projection';
export * from './compile-table';
export * from './load-order';
export * from './compile-transformation';
