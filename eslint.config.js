// typescript-eslint's recommended rules over the project's TypeScript (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'bench/results/**', 'test-artifacts/**', 'data/**', 'gateway/console/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Tests read loosely shaped JSON answers from real servers and assert on them.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
