/** Online state and the queue: a banner while offline or while answers wait to be sent. */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { flushQueue, onQueueChange, queue } from "./sync";

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
    };
  }, []);
  return online;
}

export function OfflineBanner({ owner }: { owner: string }) {
  const online = useOnline();
  const client = useQueryClient();
  const [waiting, setWaiting] = useState(0);
  const [rejected, setRejected] = useState(0);
  const [note, setNote] = useState("");

  useEffect(() => {
    const count = async () => {
      const all = await queue.list(owner);
      setWaiting(all.filter((a) => a.status === "pending").length);
      setRejected(all.filter((a) => a.status === "rejected").length);
    };
    void count();
    return onQueueChange(() => void count());
  }, [owner]);

  useEffect(() => {
    if (!online) return;
    let cancelled = false;
    (async () => {
      try {
        const sent = await flushQueue(owner);
        if (!cancelled && sent > 0) {
          setNote(`Back online: ${sent} answer(s) sent and marked.`);
          void client.invalidateQueries();
        }
      } catch {
        // Still unreachable: the answers stay queued; the next "online" event tries again.
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [online, owner, client]);

  return (
    <div role="status" aria-live="polite" className="banner-host">
      {!online ? (
        <p className="banner offline" data-testid="offline-banner">
          You are offline. Keep practising: answers are saved on this device
          {waiting > 0 ? ` (${waiting} waiting)` : ""}.
        </p>
      ) : waiting > 0 ? (
        <p className="banner">Sending {waiting} saved answer(s)…</p>
      ) : note ? (
        <p className="banner ok" data-testid="synced-banner">{note}</p>
      ) : null}
      {rejected > 0 ? <p className="banner error">{rejected} saved answer(s) could not be recorded.</p> : null}
    </div>
  );
}
