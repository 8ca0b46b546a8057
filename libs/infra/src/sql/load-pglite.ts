import Module from 'node:module';
import type * as PGliteModule from '@electric-sql/pglite';

type NodeModuleLoader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/**
 * Loads `@electric-sql/pglite` through Node's own module loader.
 *
 * Why: PGlite's CommonJS build loads Node built-ins with dynamic `import()`, which a VM sandbox
 * such as Jest's rejects unless Node runs with --experimental-vm-modules
 * (electric-sql/pglite#224). Node's loader evaluates it outside the sandbox; in plain Node this
 * is the very module `require` returns. Inside Jest, values PGlite returns (Dates, Errors) come
 * from Node's realm, so `instanceof` on them fails there: compare by value.
 */
export const loadPGlite = (): typeof PGliteModule => {
  const loader = Module as unknown as NodeModuleLoader;
  return loader._load(require.resolve('@electric-sql/pglite'), null, false) as typeof PGliteModule;
};
