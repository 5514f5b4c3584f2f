// Playwright drives Debian's chromium (no browser download) against the
// server the ctest wrapper (tests/web/web_workplace_test.cc) started.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './specs',
  // One worker: the machines have two cores and the server shares them.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: process.env.OMBUDSFLOW_WEB_OUTPUT || 'test-results',
  use: {
    baseURL: process.env.OMBUDSFLOW_URL,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.OMBUDSFLOW_CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox'],
    },
    locale: 'da-DK',
    trace: 'off',
  },
});
