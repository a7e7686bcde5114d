import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * One direction through the house: core ← browser ← workers ← state ← ui, and core ← node ← cli. A layer imports
 * only what stands below it (scripts/ and e2e/ may import anything); src/layers.test.ts proves each rule bites.
 */
export const LAYERS = [
  {
    name: 'core',
    dir: 'src/core',
    forbidden: ['browser', 'workers', 'state', 'ui', 'node', 'cli'],
    // The core runs in Node and in workers alike: no React, no Node built-ins (its tests may read files).
    runtime: ['react', 'react-dom', 'node:*', 'fs', 'path'],
  },
  { name: 'browser', dir: 'src/browser', forbidden: ['workers', 'state', 'ui', 'node', 'cli'] },
  { name: 'workers', dir: 'src/workers', forbidden: ['state', 'ui', 'node', 'cli'] },
  { name: 'state', dir: 'src/state', forbidden: ['ui', 'node', 'cli'] },
  { name: 'ui', dir: 'src/ui', forbidden: ['node', 'cli'] },
  { name: 'node', dir: 'src/node', forbidden: ['browser', 'workers', 'state', 'ui', 'cli'] },
  { name: 'cli', dir: 'src/cli', forbidden: ['browser', 'workers', 'state', 'ui'] },
];

function importRule(name, forbidden, runtime) {
  // A relative path that climbs out of its folder into a forbidden layer: '../ui/App', '../../state/store'.
  const patterns = [
    {
      regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
      message: `The ${name} layer imports only what stands below it (core ← browser ← workers ← state ← ui, core ← node ← cli).`,
    },
  ];
  if (runtime.length > 0) {
    patterns.push({ group: runtime, message: `The ${name} layer runs in Node and in browsers alike.` });
  }
  return ['error', { patterns }];
}

const layerConfigs = LAYERS.flatMap(({ name, dir, forbidden, runtime = [] }) => [
  {
    files: [`${dir}/**/*.ts`, `${dir}/**/*.tsx`],
    rules: { 'no-restricted-imports': importRule(name, forbidden, runtime) },
  },
  // Tests (and their helpers, `*.testing.ts`) run in Node: they may read files and set TF.js up through the
  // Node doors, but stay on their floor.
  {
    files: [`${dir}/**/*.test.ts`, `${dir}/**/*.test.tsx`, `${dir}/**/*.testing.ts`],
    rules: {
      'no-restricted-imports': importRule(
        name,
        forbidden.filter((l) => l !== 'node'),
        [],
      ),
    },
  },
]);

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
    files: ['src/main.tsx'],
    rules: { 'no-restricted-imports': importRule('ui', ['node', 'cli'], []) },
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
    },
  },
  ...layerConfigs,
);
