import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['steps/**/*.test.ts', 'scripts/**/*.test.ts', 'shared/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
