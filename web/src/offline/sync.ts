/** The offline queue wired to the API: one queue per browser, flushed when back online. */
import { api, unwrap } from "../api/client";
import { OfflineQueue, type SendBatch } from "./queue";

export const queue = new OfflineQueue();

export const sendBatch: SendBatch = async (attempts) => {
  const out = unwrap(await api.POST("/api/v1/attempts/sync", { body: { attempts } }));
  return out.results;
};

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
