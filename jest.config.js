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
// Jest's CommonJS runtime can neither require(esm) nor run import() without
// --experimental-vm-modules, which Node itself does. So these go through the same swc transform
// as ours (which turns import() into require()): @noble/ed25519 and content-disposition (under
// @fastify/static) ship ESM only; mercurius import()s quick-lru, which is ESM only.
const needsTransform = [
  '@noble/',
  '@fastify/static/node_modules/content-disposition/',
  'mercurius/index\\.js$',
  'quick-lru/',
];
const common = {
  rootDir: __dirname,
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(${needsTransform.join('|')})`]: swc,
  },
  // A nested package's path holds /node_modules/ twice: each occurrence must be let through.
  transformIgnorePatterns: [
    `/node_modules/(?!${[...needsTransform, 'content-disposition/'].join('|')})`,
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@sensei/(domain|kora|infra)$': '<rootDir>/libs/$1/src/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
module.exports = {
  // Embedded and e2e suites boot whole apps on PGlite (seconds each, more on a busy 2-core
  // machine); a hook or test that is really stuck still fails, after a minute.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.spec.ts'] },
    { ...common, displayName: 'embedded', testMatch: ['<rootDir>/**/*.embedded.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/**/*.e2e.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/**/*.int.spec.ts'] },
  ],
};
