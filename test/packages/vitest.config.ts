import { defineConfig } from 'vitest/config';

// The packed packages, installed into a project of their own: slow (npm pack, npm install), so
// it runs beside `npm test` in CI (`npm run test:packages`), not inside it.
export default defineConfig({
  test: {
    include: ['test/packages/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
