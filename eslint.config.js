// One lint config for the monorepo (the convention of the Vue anchors in STYLE.md).
import antfu from '@antfu/eslint-config'

export default antfu({
  vue: true,
  typescript: true,
  ignores: ['pnpm-workspace.yaml', '**/dist/**', 'data/**', 'packages/db/migrations/**', 'test-results/**', '**/*.md'],
}, {
  rules: {
    // servers and CLIs print on purpose
    'no-console': 'off',
    'node/prefer-global/process': 'off',
    'node/prefer-global/buffer': 'off',
    // TypeBox idiom: a schema value and its static type share one name
    'ts/no-redeclare': 'off',
  },
}, {
  // entry points (server, CLIs, benchmarks) are ES modules that await at the top on purpose
  files: ['apps/api/src/server.ts', 'apps/api/src/cli/**', 'bench/**'],
  rules: { 'antfu/no-top-level-await': 'off' },
}, {
  // browser tests read what the user sees (innerText honours CSS), not raw text nodes
  files: ['test/browser/**'],
  rules: { 'unicorn/prefer-dom-node-text-content': 'off' },
})
