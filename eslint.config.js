/**
 * `npm run lint` (part of `npm run check`): ESLint's and typescript-eslint's recommended rules,
 * and eslint-plugin-regexp, whose backtracking rules keep patterns that run over user text (the
 * importers above all) from taking time quadratic or worse in its length (issue 11, finding 1).
 */
import js from '@eslint/js';
import regexp from 'eslint-plugin-regexp';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', '.bench-data/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-misleading-capturing-group': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // A nested class (a counting WebSocket) needs its owner; naming it is clearer than a closure trick.
      '@typescript-eslint/no-this-alias': 'off',
      // Control characters are matched on purpose: user text is cleaned of them (issue 11, finding 20).
      'no-control-regex': 'off',
      // Flags patterns like /\S+/g that scan a string once; the backtracking rule above is the one
      // that finds the quadratic patterns.
      'regexp/no-super-linear-move': 'off',
      // Style, not safety: shown, not failing the check, until the tree is brought in line.
      'regexp/prefer-w': 'warn',
      'regexp/use-ignore-case': 'warn',
      'regexp/negation': 'warn',
      'regexp/control-character-escape': 'warn',
      'regexp/no-useless-flag': 'warn',
      'regexp/no-useless-character-class': 'warn',
      'regexp/no-unused-capturing-group': 'warn',
    },
  },
  {
    // The server logs through pino only: one JSON line format, with secrets redacted.
    files: ['server/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' },
    },
  },
);
