import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The pipeline's layers, each with the layers below it that it may import (CONTRIBUTING.md).
// server and cli sit on top and may import any of them; nothing below imports them.
const LAYERS = {
  core: [],
  data: ['core'],
  match: ['core', 'data'],
  policy: ['core', 'data', 'match'],
  inputs: ['core'],
  report: ['core'],
};
const TOP = ['server', 'cli'];

function layerRules() {
  return Object.entries(LAYERS).map(([layer, below]) => {
    const banned = [...Object.keys(LAYERS), ...TOP].filter((l) => l !== layer && !below.includes(l));
    return {
      files: [`src/${layer}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            patterns: [
              {
                regex: `^(\\.\\./)+(${banned.join('|')})/`,
                message: `src/${layer} may import only ${below.length ? below.join(', ') : 'nothing outside core'}: move what both need down a layer.`,
              },
              {
                regex: '^(\\.\\./)+(evaluator|scan|index)\\.js$',
                message: 'The entry points sit above every layer.',
              },
            ],
          },
        ],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'web/dist/', 'node_modules/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The dashboard runs in the browser.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...layerRules(),
  {
    // Architecture: only the CLI and reporters talk to the terminal or end the process.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/report/**'],
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli may exit.' },
      ],
    },
  },
);
