// The architecture's layer rules, enforced mechanically (see shared docs/architecture.md):
// libs/domain is pure (no Nest, no infra, no apps); apps never import each other;
// a lib is reached only through its index (no deep imports into another lib's internals).
import tseslint from 'typescript-eslint';

const apps = ['command-api', 'projections', 'agents', 'sentinel', 'cli'];
const deepLibImports = {
  group: ['@sensei/*/*', '**/libs/*/src/**'],
  message: 'Import a lib only through its index: @sensei/domain, @sensei/kora, @sensei/infra.',
};
const appImport = (app) => ({
  group: ['**/apps/**', '@sensei/apps*'],
  message: `apps/${app} must not import another app; move shared code into a lib.`,
});

export const layerRules = [
  {
    files: ['libs/domain/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '@nestjs/**'], message: 'libs/domain is pure: no NestJS.' },
            {
              group: ['@sensei/infra', '**/libs/infra/**', '**/infra/src/**'],
              message: 'libs/domain must not import libs/infra.',
            },
            {
              group: ['@sensei/kora', '**/libs/kora/**'],
              message: 'libs/domain must not import libs/kora.',
            },
            { group: ['**/apps/**'], message: 'libs/domain must not import an app.' },
            {
              group: ['pg', '@electric-sql/*', '@eventstore/*', 'fs', 'node:*'],
              message: 'libs/domain does no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/kora/**/*.ts', 'libs/infra/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**'], message: 'A lib must not import an app.' }] },
      ],
    },
  },
  ...apps.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    languageOptions: { parser: tseslint.parser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            deepLibImports,
            {
              group: apps
                .filter((a) => a !== app)
                .flatMap((a) => [`**/apps/${a}/**`, `../../${a}/**`, `../${a}/**`]),
              message: appImport(app).message,
            },
          ],
        },
      ],
    },
  })),
];
