import "fake-indexeddb/auto";
import { beforeEach, describe, expect, test } from "vitest";
import { MAX_BATCH, OfflineQueue, type SendBatch, type SyncResult } from "./queue";

let queue: OfflineQueue;
let n = 0;
beforeEach(() => {
  n += 1;
  queue = new OfflineQueue(`test-${n}`);
});

/** A fake of the sync route's contract: each client id recorded once, then `duplicate`. */
function server(): { send: SendBatch; stored: Map<string, string>; calls: number } {
  const state = { stored: new Map<string, string>(), calls: 0, send: (async () => []) as SendBatch };
  state.send = async (attempts) => {
    state.calls += 1;
    return attempts.map((a): SyncResult => {
      if (a.item_id === "bad") return { client_id: a.client_id, outcome: "rejected", error: "unknown item" };
      const outcome = state.stored.has(a.client_id) ? "duplicate" : "recorded";
      state.stored.set(a.client_id, a.answer);
      return { client_id: a.client_id, outcome };
    });
  };
  return state;
}

describe("OfflineQueue", () => {
  test("keeps each answer with its key and time, oldest first, per student", async () => {
    await queue.add("sam", { item_id: "q2", answer: "2", answered_at: "2026-01-01T10:00:02Z" });
    await queue.add("sam", { item_id: "q1", answer: "1", answered_at: "2026-01-01T10:00:01Z" });
    await queue.add("ali", { item_id: "q1", answer: "9" });
    const sams = await queue.pending("sam");
    expect(sams.map((a) => a.item_id)).toEqual(["q1", "q2"]);
    expect(new Set(sams.map((a) => a.client_id)).size).toBe(2);
    expect(await queue.pending("ali")).toHaveLength(1);
  });

  test("a flush sends the owner's answers and removes what the server stored", async () => {
    const s = server();
    await queue.add("sam", { item_id: "q1", answer: "5" });
    await queue.add("ali", { item_id: "q1", answer: "6" });
    expect(await queue.flush("sam", s.send)).toBe(1);
    expect([...s.stored.values()]).toEqual(["5"]);
    expect(await queue.pending("sam")).toEqual([]);
    expect(await queue.pending("ali")).toHaveLength(1);
  });

  test("a failed request keeps everything; the retry reuses the same keys", async () => {
    const s = server();
    const entry = await queue.add("sam", { item_id: "q1", answer: "5" });
    const failing: SendBatch = async () => {
      throw new Error("offline");
    };
    await expect(queue.flush("sam", failing)).rejects.toThrow("offline");
    expect(await queue.pending("sam")).toHaveLength(1);
    await queue.flush("sam", s.send);
    expect([...s.stored.keys()]).toEqual([entry.client_id]);
  });

  test("a batch stored but whose response was lost is not recorded twice", async () => {
    const s = server();
    await queue.add("sam", { item_id: "q1", answer: "5" });
    const lost: SendBatch = async (attempts) => {
      await s.send(attempts);
      throw new Error("connection reset");
    };
    await expect(queue.flush("sam", lost)).rejects.toThrow();
    expect(await queue.flush("sam", s.send)).toBe(1); // `duplicate`: accepted, removed
    expect(s.stored.size).toBe(1);
    expect(await queue.pending("sam")).toEqual([]);
  });

  test("a rejected answer is kept aside with its reason, not dropped or resent", async () => {
    const s = server();
    await queue.add("sam", { item_id: "bad", answer: "1" });
    expect(await queue.flush("sam", s.send)).toBe(0);
    const [kept] = await queue.list("sam");
    expect(kept).toMatchObject({ status: "rejected", error: "unknown item" });
    await queue.flush("sam", s.send);
    expect(s.calls).toBe(1);
  });

  test("flushes running at once send each answer once", async () => {
    const s = server();
    await queue.add("sam", { item_id: "q1", answer: "5" });
    await Promise.all([queue.flush("sam", s.send), queue.flush("sam", s.send)]);
    expect(s.calls).toBe(1);
  });

  test("more answers than the route takes go in several batches", async () => {
    const sizes: number[] = [];
    const s = server();
    const counting: SendBatch = async (attempts) => {
      sizes.push(attempts.length);
      return s.send(attempts);
    };
    for (let i = 0; i < MAX_BATCH + 3; i++) await queue.add("sam", { item_id: "q", answer: String(i) });
    expect(await queue.flush("sam", counting)).toBe(MAX_BATCH + 3);
    expect(sizes).toEqual([MAX_BATCH, 3]);
  });
});
