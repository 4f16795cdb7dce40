// Lint: typescript-eslint's recommended rules, and the layers of docs/architecture.md as import
// rules, so that a dependency running the wrong way fails `npm run lint` (and CI).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports a layer may not make: `from` names the folders a pattern forbids. */
const forbid = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', AbortController: 'readonly', fetch: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The domain is pure TypeScript: no framework, no database, no other layer.
    files: ['src/ledger/**/*.ts'],
    rules: forbid(
      { group: ['@nestjs/*', 'typeorm', 'pg', '@electric-sql/*', 'kafkajs', 'express'], message: 'the domain (src/ledger) is pure TypeScript: no framework, database or broker' },
      { group: ['**/commands/**', '**/queries/**', '**/http/**', '**/event-store/**', '**/projections/**', '**/messaging/**', '**/integrity/**', '**/policies/**', '**/seed/**', '**/cli/**'], message: 'the domain (src/ledger) depends on nothing outside it' },
    ),
  },
  {
    // The write side decides on the log; it never reads the read side's tables or services.
    files: ['src/commands/**/*.ts'],
    rules: forbid(
      { group: ['**/queries/**', '**/projections/**'], message: 'commands do not import the read side: declare a port beside the domain and let the read side implement it' },
      { group: ['typeorm'], message: 'commands do not run SQL: the event store and the ports do' },
    ),
  },
  {
    // Read models are built from events; they never call commands.
    files: ['projections/**/*.ts'],
    rules: forbid({ group: ['**/commands/**', '**/queries/**', '**/http/**'], message: 'projections depend on the domain and the store only' }),
  },
  {
    // The read side answers from the read models; it never issues commands.
    files: ['src/queries/**/*.ts'],
    rules: forbid({ group: ['**/commands/**', '**/policies/**'], message: 'queries read; they do not import the write side' }),
  },
  {
    // Below the controllers: the store, the streams a decision reads, identity, and the processors that follow the log.
    files: ['src/event-store/**/*.ts', 'src/streams/**/*.ts', 'src/identity/**/*.ts', 'src/processing/**/*.ts'],
    rules: forbid({
      group: ['**/commands/**', '**/queries/**', '**/http/**', '**/policies/**', '**/projections/**'],
      message: 'a lower layer (store, streams, identity, processing) imports no layer above it',
    }),
  },
  {
    // The HTTP floor (problem documents, guards, validation) sits below the controllers.
    files: ['src/http/**/*.ts'],
    rules: forbid({ group: ['**/commands/**', '**/queries/**'], message: 'src/http is shared by the controllers: it imports neither commands nor queries' }),
  },
);
