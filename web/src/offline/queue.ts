/**
 * The offline queue: answers given while the network is down are kept in IndexedDB and sent
 * later through `POST /api/v1/attempts/sync`.
 *
 * Each queued answer gets its idempotency key (a random UUID) when it is typed, and keeps it
 * through every retry: the server records each `client_id` at most once, so a batch that was
 * stored but whose response was lost can be sent again safely (its entries come back as
 * `duplicate`). An entry leaves the queue only when the server has answered for it
 * (`recorded` or `duplicate`; `rejected` entries are kept aside with the reason, never
 * silently dropped). `answered_at` is the time the student answered, so mastery is rebuilt
 * in the order the work was really done.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export interface QueuedAttempt {
  client_id: string;
  item_id: string;
  answer: string;
  seed?: number | null;
  part?: string | null;
  content_version?: string | null;
  hints_used?: number;
  answered_at: string;
  /** Who answered: a queue belongs to one student, even on a shared device. */
  owner: string;
  /**
   * "attempts": the answer was POSTed online and the connection failed, so the server may
   * have stored it under this key already; it is sent again to `POST /attempts` with the same
   * `Idempotency-Key` (which replays a stored answer) instead of through sync, whose ids are a
   * separate namespace. Absent: never sent; it goes through sync.
   */
  route?: "attempts";
  status: "pending" | "rejected";
  error?: string;
}

export interface SyncResult {
  client_id: string;
  outcome: "recorded" | "duplicate" | "rejected";
  error?: string | null;
}

interface QueueDb extends DBSchema {
  attempts: {
    key: string;
    value: QueuedAttempt;
    indexes: { by_owner: string };
  };
}

/** The sending side, injected so the queue is testable without a server. */
export type SendBatch = (
  attempts: Omit<QueuedAttempt, "owner" | "status" | "error">[],
) => Promise<SyncResult[]>;

export const MAX_BATCH = 500; // the sync route's limit

export class OfflineQueue {
  private db: Promise<IDBPDatabase<QueueDb>>;
  private flushing: Promise<number> | null = null;

  constructor(name = "mathpath-offline") {
    this.db = openDB<QueueDb>(name, 1, {
      upgrade(db) {
        const store = db.createObjectStore("attempts", { keyPath: "client_id" });
        store.createIndex("by_owner", "owner");
      },
    });
  }

  async add(
    owner: string,
    attempt: Omit<QueuedAttempt, "owner" | "status" | "client_id" | "answered_at"> & {
      client_id?: string;
      answered_at?: string;
    },
  ): Promise<QueuedAttempt> {
    const entry: QueuedAttempt = {
      ...attempt,
      client_id: attempt.client_id ?? crypto.randomUUID(),
      answered_at: attempt.answered_at ?? new Date().toISOString(),
      owner,
      status: "pending",
    };
    await (await this.db).put("attempts", entry);
    return entry;
  }

  async list(owner: string): Promise<QueuedAttempt[]> {
    const all = await (await this.db).getAllFromIndex("attempts", "by_owner", owner);
    return all.sort((a, b) => a.answered_at.localeCompare(b.answered_at));
  }

  async pending(owner: string): Promise<QueuedAttempt[]> {
    return (await this.list(owner)).filter((a) => a.status === "pending");
  }

  /**
   * Send the owner's pending answers, oldest first, in batches. Returns how many the server
   * accepted (recorded or duplicate). A failed request leaves everything queued; calls made
   * while a flush is running wait for it instead of sending the same entries twice at once.
   */
  flush(owner: string, send: SendBatch): Promise<number> {
    if (this.flushing === null) {
      this.flushing = this.flushOnce(owner, send).finally(() => {
        this.flushing = null;
      });
    }
    return this.flushing;
  }

  private async flushOnce(owner: string, send: SendBatch): Promise<number> {
    let accepted = 0;
    const pending = await this.pending(owner);
    for (let start = 0; start < pending.length; start += MAX_BATCH) {
      const batch = pending.slice(start, start + MAX_BATCH);
      const results = await send(
        batch.map(({ owner: _o, status: _s, error: _e, ...body }) => body),
      );
      const db = await this.db;
      const tx = db.transaction("attempts", "readwrite");
      for (const result of results) {
        const entry = batch.find((a) => a.client_id === result.client_id);
        if (entry === undefined) continue;
        if (result.outcome === "rejected") {
          await tx.store.put({ ...entry, status: "rejected", error: result.error ?? "rejected" });
        } else {
          await tx.store.delete(entry.client_id);
          accepted += 1;
        }
      }
      await tx.done;
    }
    return accepted;
  }

  async discard(clientId: string): Promise<void> {
    await (await this.db).delete("attempts", clientId);
  }
}
