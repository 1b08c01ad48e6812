import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { boundaryConfig } from './eslint.boundaries.ts';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.salus/', '.salus-ha/', 'bench/results/', 'web/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/consistent-type-definitions': 'off',
      'max-lines': ['warn', { max: 320, skipBlankLines: true, skipComments: true }],
    },
  },
  // Module boundaries and import cycles (docs/adr/0008-module-boundaries.md).
  boundaryConfig(import.meta.dirname),
  {
    // Test scaffolding lives in test/ (test/support/<module>/); the application never depends on it (issue 18).
    // typescript-eslint's copy of the rule, so that it adds to, not replaces, the module-boundary no-restricted-imports.
    files: ['src/**'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+test/', message: 'src must not import test scaffolding (test/).' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
