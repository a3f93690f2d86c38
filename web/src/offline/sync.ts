/** The offline queue wired to the API: one queue per browser, flushed when back online. */
import { ApiError, api, unwrap } from "../api/client";
import { OfflineQueue, type SendBatch, type SyncResult } from "./queue";

export const queue = new OfflineQueue();

type Entry = Parameters<SendBatch>[0][number];
type SyncBody = Omit<Entry, "route">;

/**
 * Never-sent answers go through the sync route in one request; answers whose online POST
 * failed in flight are sent again one by one to `POST /attempts` with their original key, so
 * one the server had stored is replayed rather than recorded twice. A network failure throws
 * (everything stays queued); a problem answer (4xx) rejects that answer alone.
 */
export function makeSendBatch(
  postAttempt: (entry: SyncBody) => Promise<void>,
  postSync: (entries: SyncBody[]) => Promise<SyncResult[]>,
): SendBatch {
  return async (entries) => {
    const results: SyncResult[] = [];
    for (const { route, ...entry } of entries.filter((e) => e.route === "attempts")) {
      void route;
      try {
        await postAttempt(entry);
        results.push({ client_id: entry.client_id, outcome: "recorded" });
      } catch (error) {
        if (error instanceof ApiError && !error.offline && error.status >= 400 && error.status < 500) {
          results.push({ client_id: entry.client_id, outcome: "rejected", error: error.message });
        } else {
          throw error;
        }
      }
    }
    const viaSync = entries.filter((e) => e.route !== "attempts").map(({ route: _r, ...entry }) => entry);
    if (viaSync.length > 0) results.push(...(await postSync(viaSync)));
    return results;
  };
}

export const sendBatch = makeSendBatch(
  async ({ client_id, answered_at: _at, ...body }) => {
    unwrap(await api.POST("/api/v1/attempts", { body, params: { header: { "Idempotency-Key": client_id } } }));
  },
  async (attempts) => unwrap(await api.POST("/api/v1/attempts/sync", { body: { attempts } })).results,
);

type Listener = () => void;
const listeners = new Set<Listener>();
export function onQueueChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export function queueChanged(): void {
  for (const listener of listeners) listener();
}

export async function flushQueue(owner: string): Promise<number> {
  const sent = await queue.flush(owner, sendBatch);
  queueChanged();
  return sent;
}
