import "fake-indexeddb/auto"; // sync.ts opens the app's queue when imported
import { describe, expect, test } from "vitest";
import { ApiError } from "../api/client";
import { makeSendBatch } from "./sync";

const entry = (client_id: string, route?: "attempts") => ({
  client_id,
  item_id: "q1",
  answer: "5",
  answered_at: "2026-01-01T10:00:00Z",
  ...(route ? { route } : {}),
});

describe("makeSendBatch", () => {
  test("answers sent in flight go again to POST /attempts with their key, the rest through sync", async () => {
    const posted: string[] = [];
    const synced: string[][] = [];
    const send = makeSendBatch(
      async (e) => {
        posted.push(e.client_id);
      },
      async (entries) => {
        synced.push(entries.map((e) => e.client_id));
        return entries.map((e) => ({ client_id: e.client_id, outcome: "recorded" as const }));
      },
    );
    const results = await send([entry("a", "attempts"), entry("b"), entry("c")]);
    expect(posted).toEqual(["a"]);
    expect(synced).toEqual([["b", "c"]]);
    expect(results.map((r) => `${r.client_id}:${r.outcome}`)).toEqual(["a:recorded", "b:recorded", "c:recorded"]);
  });

  test("no sync request when every answer goes to POST /attempts", async () => {
    let syncs = 0;
    const send = makeSendBatch(async () => undefined, async () => {
      syncs += 1;
      return [];
    });
    await send([entry("a", "attempts")]);
    expect(syncs).toBe(0);
  });

  test("a problem answer rejects that answer alone; a network failure keeps everything", async () => {
    const send = makeSendBatch(
      async (e) => {
        if (e.client_id === "bad") throw new ApiError(422, { detail: "unknown item" });
        if (e.client_id === "down") throw new ApiError(0);
      },
      async () => [],
    );
    expect(await send([entry("bad", "attempts")])).toEqual([
      { client_id: "bad", outcome: "rejected", error: "unknown item" },
    ]);
    await expect(send([entry("down", "attempts")])).rejects.toThrow(ApiError);
  });
});
