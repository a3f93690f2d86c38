/**
 * Vitest global setup: start the real platform for the browser tests. Embedded mode (every
 * service in one process, SQLite), a fresh data directory, a free loopback port, the built app
 * (web/dist) served by the gateway at `/`. Migrations run first, as `make run` does; the
 * bundled curriculum is published by the learning service's start-up on an empty database.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const WEB = resolve(import.meta.dirname, "..");
const MATHPATH = process.env.MATHPATH_BIN ?? join(WEB, "..", ".venv", "bin", "mathpath");
export const RESULTS = join(WEB, "test-results");

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? ok(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the backend exited with ${child.exitCode}: see ${RESULTS}/backend.log`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the backend was not ready within ${ms} ms: see ${RESULTS}/backend.log`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(MATHPATH)) throw new Error(`${MATHPATH} not found: run \`make install\` in the repository first`);
  if (!existsSync(join(WEB, "dist", "index.html"))) throw new Error("web/dist is missing: run `npm run build` first");
  mkdirSync(RESULTS, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), "mathpath-e2e-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    MATHPATH_ENVIRONMENT: "development",
    MATHPATH_DATA_DIR: data,
    MATHPATH_WEB_DIR: join(WEB, "dist"),
    MATHPATH_PUBLIC_BASE_URL: url,
    MATHPATH_LOG_LEVEL: "WARNING",
    MATHPATH_OUTBOX_POLL_INTERVAL_S: "0.1",
  };
  const started = Date.now();
  const migrate = spawnSync(MATHPATH, ["db", "upgrade"], { env, encoding: "utf8" });
  if (migrate.status !== 0) throw new Error(`mathpath db upgrade failed:\n${migrate.stderr}`);
  const log = openSync(join(RESULTS, "backend.log"), "w");
  const child = spawn(MATHPATH, ["serve", "--port", String(port)], { env, stdio: ["ignore", log, log] });
  await waitReady(url, child, 150_000);
  console.log(`backend ready at ${url} in ${((Date.now() - started) / 1000).toFixed(1)} s (data in ${data})`);
  project.provide("baseURL", url);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        r(null);
      }, 10_000);
      child.once("exit", () => {
        clearTimeout(timer);
        r(null);
      });
    });
    rmSync(data, { recursive: true, force: true });
  };
}
