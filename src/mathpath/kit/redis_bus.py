"""Event bus on Redis Streams: a stream per event type, a consumer group per subscriber group.

A message is acknowledged only after its handler succeeded. Messages a consumer read but
never acknowledged (it died, or the handler failed) are claimed again with ``XAUTOCLAIM``
once idle for ``claim_idle_ms``, so nothing is lost; handlers are idempotent by event id.
"""

from __future__ import annotations

import asyncio
import socket
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import structlog
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from mathpath.kit.events import Event, Handler
from mathpath.kit.ids import new_id

log = structlog.get_logger("mathpath.events.redis")


class RedisStreamsBus:
    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str = "mathpath",
        consumer: str | None = None,
        block_ms: int = 200,
        claim_idle_ms: int = 5000,
        max_deliveries: int = 10,
        maxlen: int = 100_000,
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.consumer = consumer or f"{socket.gethostname()}-{new_id()[-12:]}"
        self.block_ms = block_ms
        self.claim_idle_ms = claim_idle_ms
        self.max_deliveries = max_deliveries
        self.maxlen = maxlen
        self._subs: dict[str, list[tuple[frozenset[str], Handler]]] = defaultdict(list)
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._start_ids: dict[str, str] = {}

    def stream(self, event_type: str) -> str:
        return f"{self.prefix}:events:{event_type}"

    async def publish(self, event: Event) -> None:
        await self.redis.xadd(
            self.stream(event.type),
            {"event": event.model_dump_json()},
            maxlen=self.maxlen,
            approximate=True,
        )

    def subscribe(
        self, group: str, event_types: Sequence[str], handler: Handler, *, from_start: bool = True
    ) -> None:
        self._subs[group].append((frozenset(event_types), handler))
        self._start_ids[group] = "0" if from_start else "$"

    async def drop_group(self, group: str) -> None:
        """Destroy the group on its streams (a stopped process's own group would otherwise
        keep collecting pending entries that no one reads)."""
        streams = self._streams_of(group)
        if (task := self._tasks.pop(group, None)) is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        self._subs.pop(group, None)
        self._start_ids.pop(group, None)
        for stream in streams:
            try:
                await self.redis.xgroup_destroy(stream, group)
            except ResponseError:  # the stream or the group is gone already
                continue

    def _streams_of(self, group: str) -> list[str]:
        types = sorted({t for types, _ in self._subs[group] for t in types})
        return [self.stream(t) for t in types]

    async def ensure_groups(self) -> None:
        for group in self._subs:
            for stream in self._streams_of(group):
                try:
                    start = self._start_ids.get(group, "0")
                    await self.redis.xgroup_create(stream, group, id=start, mkstream=True)
                except ResponseError as exc:
                    if "BUSYGROUP" not in str(exc):
                        raise

    async def start(self) -> None:
        await self.ensure_groups()
        for group in self._subs:
            self._tasks[group] = asyncio.create_task(self._consume_forever(group))

    async def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()

    async def _consume_forever(self, group: str) -> None:
        while True:
            try:
                await self.reclaim(group)
                await self.consume_once(group)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep consuming after a Redis hiccup
                log.warning("redis_consume_failed", group=group, error_type=type(exc).__name__)
                await asyncio.sleep(0.5)

    async def consume_once(self, group: str, *, count: int = 50) -> int:
        """Read new messages for ``group`` once; returns how many were handled."""
        streams: dict[Any, Any] = {s: ">" for s in self._streams_of(group)}
        if not streams:
            return 0
        reply: Any = await self.redis.xreadgroup(
            group, self.consumer, streams, count=count, block=self.block_ms
        )
        handled = 0
        for stream, messages in reply or []:
            for message_id, fields in messages:
                handled += await self._handle(group, _text(stream), message_id, fields)
        return handled

    async def reclaim(self, group: str, *, count: int = 50) -> int:
        """Take over messages left unacknowledged by a dead or failing consumer."""
        handled = 0
        for stream in self._streams_of(group):
            start = "0-0"
            while True:
                reply = await self.redis.xautoclaim(
                    stream, group, self.consumer, self.claim_idle_ms, start, count=count
                )
                start, messages = _text(reply[0]), reply[1]
                for message_id, fields in messages:
                    if fields is None:
                        continue
                    handled += await self._handle(group, stream, message_id, fields)
                if start == "0-0" or not messages:
                    break
        return handled

    async def _handle(self, group: str, stream: str, message_id: Any, fields: Any) -> int:
        raw = fields.get(b"event") or fields.get("event")
        event = Event.model_validate_json(raw)
        try:
            for types, handler in self._subs[group]:
                if event.type in types:
                    await handler(event)
        except Exception as exc:
            deliveries = await self._delivery_count(stream, group, message_id)
            log.warning(
                "event_handler_failed",
                group=group,
                event_type=event.type,
                event_id=event.id,
                deliveries=deliveries,
                error_type=type(exc).__name__,
            )
            if deliveries < self.max_deliveries:
                return 0  # left pending: XAUTOCLAIM redelivers it later
            await self.redis.xadd(
                f"{self.prefix}:dead:{group}", {"event": event.model_dump_json(), "stream": stream}
            )
        await self.redis.xack(stream, group, message_id)
        return 1

    async def _delivery_count(self, stream: str, group: str, message_id: Any) -> int:
        pending = await self.redis.xpending_range(stream, group, message_id, message_id, 1)
        return int(pending[0]["times_delivered"]) if pending else 1


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
