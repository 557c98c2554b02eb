import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Ultralytics weights are not in the shared data (AGPL-3.0): that test runs only when the user
    // points SPOTLIGHT_ULTRALYTICS_MODELS at exports of their own (see README, "Detector model").
    exclude: [...configDefaults.exclude, ...(process.env.SPOTLIGHT_ULTRALYTICS_MODELS ? [] : ['**/*.ultralytics.test.ts'])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real ffmpeg and ONNX work is CPU-bound on a 2-core machine: keep files from starving each other.
    maxWorkers: 2,
  },
});
