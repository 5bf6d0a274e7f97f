import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// Human text reaches a terminal: names, ids and file names from scanned systems must be escaped there.
const USE_OUTPUT_MODULE =
  'write through src/cli/output.ts: printText/printLine/printTable (stdout), stderrLine/stderrText ' +
  '(stderr), stderrSink/stderrStatusLine (logger, progress), writeMachineOutput/printJson (JSON, CSV, ' +
  'SARIF, HTML); it escapes control characters, C1 and bidi overrides so hostile names cannot rewrite the terminal.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'policies/bundle/**', 'bench/out/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // CommonJS configuration files (dependency-cruiser reads .cjs)
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        WebAssembly: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/output.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'stdout', message: `Do not use process.stdout: ${USE_OUTPUT_MODULE}` },
        { object: 'process', property: 'stderr', message: `Do not use process.stderr: ${USE_OUTPUT_MODULE}` },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'console', message: `Do not use console: ${USE_OUTPUT_MODULE}` },
      ],
    },
  },
  {
    // The store boundary: only the SQLite backend talks to SQLite (test/store/boundary.test.ts checks SQL too).
    files: ['src/**/*.ts'],
    ignores: ['src/store/sqlite/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'better-sqlite3',
              message:
                'only src/store/sqlite/ uses the SQLite client: go through the store interface (src/store/store.ts).',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
