// Lets a plain `node` child process run the repository's TypeScript, as Jest does: tests spawn
// real processes (to kill -9 them), and those must load the same sources.
//   node -r ./test/support/register-ts.js some-script.ts
// Compiles .ts with @swc/core (same options as jest.config.js) and maps the tsconfig paths
// `@sensei/(domain|kora|infra)` to `libs/<name>/src/index.ts`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../..');
const alias = /^@sensei\/(domain|kora|infra)$/;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveSenseiAlias(request, ...rest) {
  const match = alias.exec(request);
  const target = match ? path.join(root, 'libs', match[1], 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

Module._extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
