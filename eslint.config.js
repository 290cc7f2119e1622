// ESLint (flat config): typescript-eslint's recommended rules on TypeScript and Svelte, with `any` allowed in tests only.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'coverage/', 'scratch/', 'web/src/assets/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Maps, Sets and URLs built inside a $derived or a function are local values, never mutated after they are
      // returned; reactivity comes from the $state they are computed from, so Svelte's reactive copies add nothing.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // SQL quoting lives in server/db/sql-text.ts alone; a hand-written doubling of quotes elsewhere is refused so the
    // rule cannot quietly come back. CSV cells double quotes too, by a different rule: csv.ts and the web export.
    ignores: ['server/db/sql-text.ts', 'server/csv.ts', 'web/src/app/export.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^replace(All)?$/]:matches([arguments.1.value=/^(\'\'|"")$/], [arguments.1.quasis.0.value.cooked=/^(\'\'|"")$/])',
          message:
            'Quote SQL with quoteIdent / quoteString from server/db/sql-text.ts, not by doubling quotes by hand.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'server/test-support/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
