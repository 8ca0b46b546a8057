import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The layer check must actually fail CI on a violation: lint source text as if it lived at a path.
const root = join(__dirname, '..', '..');
const eslintBin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');

const lintAs = (filePath: string, source: string) => {
  const result = spawnSync(
    process.execPath,
    [
      eslintBin,
      '--no-config-lookup',
      '--config',
      'eslint.layers.config.mjs',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: root, input: source, encoding: 'utf8' },
  );
  return { failed: result.status !== 0, output: result.stdout + result.stderr };
};

describe('layer check (npm run lint:layers)', () => {
  it.each([
    ['libs/domain/src/x.ts', "import { Injectable } from '@nestjs/common';", 'no NestJS'],
    [
      'libs/domain/src/x.ts',
      "import { EventStore } from '@sensei/infra';",
      'must not import libs/infra',
    ],
    [
      'libs/domain/src/x.ts',
      "import { x } from '../../infra/src/index';",
      'must not import libs/infra',
    ],
    [
      'libs/domain/src/x.ts',
      "import { x } from '../../../apps/command-api/src/main';",
      'must not import an app',
    ],
    ['libs/domain/src/x.ts', "import { readFile } from 'node:fs';", 'does no I/O'],
    [
      'apps/agents/src/x.ts',
      "import { x } from '../../command-api/src/main';",
      'must not import another app',
    ],
    [
      'apps/agents/src/x.ts',
      "import { x } from '@sensei/infra/event-store/sql';",
      'only through its index',
    ],
    [
      'libs/infra/src/x.ts',
      "import { x } from '../../../apps/agents/src/main';",
      'must not import an app',
    ],
  ])('rejects %s importing: %s', (filePath, source, message) => {
    const { failed, output } = lintAs(filePath, source);
    expect(failed).toBe(true);
    expect(output).toContain(message);
  });

  it.each([
    ['libs/domain/src/x.ts', "import { fold } from './shared/decider';"],
    ['apps/agents/src/x.ts', "import { EventStore } from '@sensei/infra';"],
    ['libs/infra/src/x.ts', "import { SenseiError } from '@sensei/domain';"],
  ])('allows %s importing: %s', (filePath, source) => {
    expect(lintAs(filePath, source)).toEqual({ failed: false, output: '' });
  });
});
