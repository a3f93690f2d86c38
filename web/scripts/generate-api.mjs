#!/usr/bin/env node
// The typed API client's schema, src/api/schema.d.ts, generated from the platform's OpenAPI
// document with openapi-typescript.
//
//   node scripts/generate-api.mjs                  document from `mathpath openapi` (offline)
//   node scripts/generate-api.mjs --from URL       document from a running server's /openapi.json
//   node scripts/generate-api.mjs --check [...]    fail if the committed file is not current
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { render } from "./openapi-render.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "src", "api", "schema.d.ts");
const args = process.argv.slice(2);
const check = args.includes("--check");
const fromIndex = args.indexOf("--from");

async function loadDocument() {
  if (fromIndex !== -1) {
    const url = args[fromIndex + 1];
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  }
  const mathpath = process.env.MATHPATH_BIN ?? join(here, "..", "..", ".venv", "bin", "mathpath");
  return JSON.parse(execFileSync(mathpath, ["openapi"], { encoding: "utf8", maxBuffer: 64 << 20 }));
}

const text = await render(await loadDocument());
if (check) {
  const committed = readFileSync(target, "utf8");
  if (committed !== text) {
    console.error(
      "src/api/schema.d.ts is out of date with the API: run `npm run api:generate` and commit it.",
    );
    process.exit(1);
  }
  console.log("src/api/schema.d.ts is current");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
