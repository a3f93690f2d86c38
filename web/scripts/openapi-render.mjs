// One rendering of the OpenAPI document to TypeScript, shared by the generator and the
// end-to-end check that the committed client matches the running backend.
import openapiTS, { astToString } from "openapi-typescript";

export const HEADER =
  "// Generated from the platform's OpenAPI document by scripts/generate-api.mjs.\n" +
  "// Do not edit: run `npm run api:generate` (the end-to-end tests check it is current).\n\n";

export async function render(document) {
  const ast = await openapiTS(document, { alphabetize: true, defaultNonNullable: false });
  return HEADER + astToString(ast);
}
