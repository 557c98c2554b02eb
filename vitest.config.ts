import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that never open a database: their results cannot depend on it, so the PostgreSQL
 * run (DATABASE_URL set) leaves them to the PGlite run instead of repeating minutes of ffmpeg and
 * ONNX work.
 */
const DATABASE_FREE = ['test/evaluation/**', 'test/machines/**', 'test/media/**', 'test/vision/**', 'test/analysis/**', 'test/docs/**', 'test/services/**', 'test/integration/bad-media.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.DATABASE_URL ? DATABASE_FREE : []),
      // Ultralytics weights are not in the shared data (AGPL-3.0): that test runs only when the user
      // points SPOTLIGHT_ULTRALYTICS_MODELS at exports of their own (see README, "Detector model").
      ...(process.env.SPOTLIGHT_ULTRALYTICS_MODELS ? [] : ['**/*.ultralytics.test.ts']),
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real ffmpeg and ONNX work is CPU-bound on a 2-core machine: keep files from starving each other.
    maxWorkers: 2,
  },
});
