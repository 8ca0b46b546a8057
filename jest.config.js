// Tiers, named by file suffix: unit (no I/O), embedded (real embedded engines such as PGlite, no
// server), e2e (whole apps over HTTP on embedded adapters), int (real servers: PostgreSQL, ...).
// `npm test` runs unit + embedded + e2e and needs nothing but Node.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// @noble/ed25519 ships ESM only; Node loads it through require(esm), Jest's CommonJS runtime
// does not, so its files go through the same swc transform as ours.
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '/node_modules/@noble/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!@noble/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@sensei/(domain|kora|infra)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    { ...common, displayName: 'embedded', testMatch: ['<rootDir>/**/*.embedded.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int.spec.ts'] },
  ],
};
