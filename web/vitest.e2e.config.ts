// End-to-end tests: the built app served by a real backend (embedded mode, fresh data dir, a
// free port), driven in Debian's Chromium through playwright-core. `npm run e2e` after
// `npm run build`; the backend is started by e2e/backend.ts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/backend.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 180_000,
    sequence: { concurrent: false },
    // The machine may be busy: give the browser and the backend time (Playwright waits 30 s too).
    expect: { poll: { timeout: 30_000, interval: 100 } },
  },
});
