import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-*',
      'node_modules',
      'e2e/artifacts',
      'test-results',
      'playwright-report',
      'public/models',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // The pure core runs in Node and in workers: no DOM, React or Web Audio.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'AudioContext',
        'OfflineAudioContext',
        'navigator',
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: ['react', 'react-dom', 'node:*', 'fs', 'path', '**/browser/**', '**/ui/**', '**/node/**'],
        },
      ],
    },
  },
  {
    // Tests of the core run in Node: they read real files from ../shared/data and set TF.js up for Node. The
    // code under test stays pure.
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
