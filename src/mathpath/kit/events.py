"""Events: the envelope every service publishes, the bus port and its in-process adapter.

Delivery is at least once on every adapter; consumers are idempotent by event id
(see :func:`mathpath.kit.outbox.handle_once`).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

import structlog
from pydantic import BaseModel, Field

from mathpath.kit.clock import utcnow
from mathpath.kit.ids import new_id

log = structlog.get_logger("mathpath.events")


class Event(BaseModel):
    """What crosses service boundaries. ``payload`` follows the type's contract model."""

    id: str = Field(default_factory=new_id)
    type: str
    source: str
    occurred_at: datetime = Field(default_factory=utcnow)
    payload: dict[str, Any] = Field(default_factory=dict)


Handler = Callable[[Event], Awaitable[None]]


class EventBus(Protocol):
    async def publish(self, event: Event) -> None: ...

    def subscribe(
        self, group: str, event_types: Sequence[str], handler: Handler, *, from_start: bool = True
    ) -> None:
        """Deliver events of these types to ``handler``; one delivery per group. A new group
        reads what the bus still holds (``from_start``) or only what is published after."""

    async def drop_group(self, group: str) -> None:
        """Forget a group that no process will consume again (a stopped process's own)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class InMemoryBus:
    """In-process bus: each group has a queue and a worker; failures are retried.

    An event whose handler keeps failing after ``max_attempts`` is kept in
    ``dead_letters`` (and logged) rather than dropped silently.
    """

    def __init__(self, *, max_attempts: int = 5, retry_delay_s: float = 0.05) -> None:
        self._subs: dict[str, list[tuple[frozenset[str], Handler]]] = defaultdict(list)
        self._queues: dict[str, asyncio.Queue[Event]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self.max_attempts = max_attempts
        self.retry_delay_s = retry_delay_s
        self.dead_letters: list[tuple[str, Event, str]] = []
        self._running = False

    def subscribe(
        self, group: str, event_types: Sequence[str], handler: Handler, *, from_start: bool = True
    ) -> None:
        del from_start  # nothing is kept: a group sees what is published after it subscribed
        self._subs[group].append((frozenset(event_types), handler))
        if self._running and group not in self._queues:
            self._start_group(group)

    async def drop_group(self, group: str) -> None:
        self._subs.pop(group, None)

    async def publish(self, event: Event) -> None:
        for group, subs in list(self._subs.items()):
            if any(event.type in types for types, _ in subs):
                if self._running:
                    self._queues[group].put_nowait(event)
                else:
                    await self._deliver(group, event)

    async def start(self) -> None:
        self._running = True
        for group in list(self._subs):
            if group not in self._queues:
                self._start_group(group)

    def _start_group(self, group: str) -> None:
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self._queues[group] = queue
        self._workers.append(asyncio.create_task(self._work(group, queue)))

    async def _work(self, group: str, queue: asyncio.Queue[Event]) -> None:
        while True:
            event = await queue.get()
            try:
                await self._deliver(group, event)
            except Exception:  # never let one event stop the group's worker
                self.dead_letters.append((group, event, "delivery_failed"))
            finally:
                queue.task_done()

    async def _deliver(self, group: str, event: Event) -> None:
        for types, handler in list(self._subs[group]):
            if event.type not in types:
                continue
            for attempt in range(1, self.max_attempts + 1):
                try:
                    await handler(event)
                    break
                except Exception as exc:  # a handler failure must not stop the worker
                    log.warning(
                        "event_handler_failed",
                        group=group,
                        event_type=event.type,
                        event_id=event.id,
                        attempt=attempt,
                        error_type=type(exc).__name__,
                    )
                    if attempt == self.max_attempts:
                        self.dead_letters.append((group, event, type(exc).__name__))
                    else:
                        await asyncio.sleep(self.retry_delay_s * attempt)

    async def drain(self) -> None:
        """Wait until every queued event has been handled (tests, shutdown)."""
        for queue in list(self._queues.values()):
            await queue.join()

    async def stop(self) -> None:
        await self.drain()
        for task in self._workers:
            task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers.clear()
        self._queues.clear()
        self._running = False
