"""Serving an ASGI app on a loopback port for a test: a service on real HTTP, or a faithful
fake of a provider's HTTP API (OpenAI chat and embeddings)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import uvicorn
from starlette.types import ASGIApp


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(app: ASGIApp) -> tuple[uvicorn.Server, str]:
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error")
    return uvicorn.Server(config), f"http://127.0.0.1:{port}"


@asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    """Serve ``app`` (lifespan included) in this event loop; yields its base URL."""
    server, url = _server(app)
    task = asyncio.create_task(server.serve())
    while not server.started:  # uvicorn exposes only a flag
        if task.done():
            task.result()  # start-up failed: raise its error
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.01)
    try:
        yield url
    finally:
        server.should_exit = True
        await task


@contextmanager
def served_in_thread(app: ASGIApp) -> Iterator[str]:
    """Serve ``app`` from a thread of its own, for code under test that blocks (a
    synchronous HTTP client); yields its base URL."""
    server, url = _server(app)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
