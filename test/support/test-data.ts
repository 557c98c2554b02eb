import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/**
 * Real models, videos and MOTChallenge sequences live outside the repository, in one folder
 * named by SPOTLIGHT_TEST_DATA (default ../shared/data). Tests that need them skip with a clear
 * message when it is absent, unless SPOTLIGHT_REQUIRE_TEST_DATA=1 (CI), where they fail instead.
 */
export const testDataDir = path.resolve(process.env.SPOTLIGHT_TEST_DATA ?? fileURLToPath(new URL('../../../shared/data', import.meta.url)));

export function testDataPath(...parts: string[]): string {
  return path.join(testDataDir, ...parts);
}

export function hasTestData(...parts: string[]): boolean {
  return existsSync(testDataPath(...parts));
}

/** `describe` that runs only when the named test data exists (see testDataDir). */
export function describeWithData(name: string, parts: string[], fn: () => void): void {
  if (hasTestData(...parts)) {
    describe(name, fn);
    return;
  }
  const missing = testDataPath(...parts);
  if (process.env.SPOTLIGHT_REQUIRE_TEST_DATA === '1') {
    throw new Error(`${name}: test data missing at ${missing} (SPOTLIGHT_REQUIRE_TEST_DATA=1 forbids skipping)`);
  }
  console.warn(`[skip] ${name}: test data not found at ${missing}; set SPOTLIGHT_TEST_DATA to the shared data folder`);
  describe.skip(name, fn);
}
