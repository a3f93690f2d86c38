"""A hard wall-clock limit for maths work: an in-process fast path with static bounds, and a
small pool of reusable worker processes for everything else.

Why processes: SymPy is pure Python with long C-level steps (big-integer arithmetic, gmpy) and
a thread cannot be interrupted, so the only limit that always holds is a process we can kill.
Static bounds (`mathpath.maths.limits`) already refuse hostile inputs in microseconds; the pool
is the backstop for legitimate-looking inputs that are slow anyway (``simplify`` on a large
expression, ``expand((a+b+c+d)^40)``).

Measured on the 2-core machine (benchmarks/maths_check/RESULTS.md), handing a check to a
worker costs about 0.1-0.2 ms when the machine is quiet but several milliseconds when other
processes compete for the cores, because the worker must be scheduled. So `check` first runs
in the caller's thread under `inline_only`: parsing (bounded by `limits`), numeric evaluation
at sample points and structural form checks have costs the static bounds limit. The marking
code calls `isolate` just before any step whose cost they do not limit; in the fast path that
aborts, and the check is re-run from the start in a worker under the hard limit.

Each call is sent to an idle worker over a pipe. Inside the worker an interval timer raises a
soft timeout slightly before the limit, which keeps the worker alive and answers quickly; if
the worker is stuck where a signal cannot reach it, the parent kills it at the limit and
starts a replacement in the background (about a second, mostly importing SymPy) while the
other workers carry on.

A worker never outlives the process that started it, even one killed with SIGKILL: on Linux
it asks the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``), which
reaches it even deep in a C-level computation; everywhere, a watchdog thread exits when the
parent pid changes. The kernel ties that signal to the *thread* that started the child, so
every worker is started from one long-lived thread of the pool, never from a short-lived one.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

_SOFT_FRACTION = 0.85
"""The in-worker timer fires at this share of the limit, leaving time to send the answer."""
_START_TIMEOUT_S = 60.0
_WATCHDOG_INTERVAL_S = 0.5
_PR_SET_PDEATHSIG = 1


class GuardTimeout(Exception):
    """The work did not finish within its wall-clock limit."""


class GuardBusy(Exception):
    """No worker became free within the limit."""


class WorkerError(Exception):
    """The work raised inside the worker; the message is the worker's repr of the error."""


class NeedsIsolation(BaseException):
    """Raised inside the in-process fast path when the check reaches work whose cost no
    static bound limits (``simplify``, ``factor``, general inequality solving, misconception
    rules); the caller then runs the whole check in a worker process instead.

    A BaseException so that no ``except Exception`` in the marking code swallows it.
    """


_local = threading.local()


def isolate(reason: str) -> None:
    """Mark the start of unbounded work: a no-op in a worker, a hand-off in the fast path."""
    if getattr(_local, "inline", False):
        raise NeedsIsolation(reason)


@contextmanager
def inline_only() -> Iterator[None]:
    """Run bounded work in this thread; any `isolate` call inside raises NeedsIsolation."""
    previous = getattr(_local, "inline", False)
    _local.inline = True
    try:
        yield
    finally:
        _local.inline = previous


class _SoftTimeout(BaseException):
    # BaseException so ordinary `except Exception` blocks in the work do not swallow it.
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _SoftTimeout


def _worker_main(conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_alarm)
    conn.send("ready")
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        func, args, kwargs, soft_s = message
        reply: tuple[str, Any]
        try:
            signal.setitimer(signal.ITIMER_REAL, soft_s)
            reply = ("ok", func(*args, **kwargs))
        except _SoftTimeout:
            reply = ("timeout", None)
        except Exception as exc:  # reported to the caller, never kills the worker
            reply = ("error", repr(exc))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            conn.send(reply)
        except _SoftTimeout:  # the timer fired between the work and the send
            conn.send(("timeout", None))
        except (OSError, BrokenPipeError):
            return


class _Worker:
    """One worker: a fresh ``python`` running `_serve`, talking over a socket pair.

    A separate interpreter (not fork or forkserver) so the worker never inherits the locks of
    a multi-threaded server and never re-imports the caller's ``__main__``. It is told the
    parent's pid so it can exit with the parent (`_die_with_parent`).
    """

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        code = (
            "from mathpath.maths.guard import _serve; "
            f"_serve({theirs.fileno()}, parent={os.getpid()})"
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-c", code],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        # Wait until the worker has imported SymPy and is listening, so start-up never eats
        # into the first call's time limit.
        try:
            ready = self.conn.poll(_START_TIMEOUT_S) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkerError("a maths worker did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


def _die_with_parent(parent: int) -> None:
    """Make this worker exit when `parent` does, however the parent ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watchdog below still applies
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(0)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="maths-guard-watchdog", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    # An orphan is re-parented (to init or a subreaper), so its parent pid changes.
    while os.getppid() == parent:
        time.sleep(_WATCHDOG_INTERVAL_S)
    os._exit(0)


def _serve(fd: int, parent: int | None = None) -> None:
    """Entry point of a worker process."""
    if parent is not None:
        _die_with_parent(parent)
    from mathpath.maths.checking.core import Options, check_inline

    # SymPy builds caches and imports submodules lazily on first use; paying that here, before
    # the worker says it is ready, keeps the first real checks inside their limits.
    for expected, answer in WARM_UP:
        check_inline(expected, answer, Options())
    from mathpath.maths import tracing

    tracing.warm_up()
    _worker_main(Connection(fd))


WARM_UP = (
    ("2x^2-3x+1", "(2x-1)(x-1)"), ("x > 5", "x < 5"), ("-1 < x <= 4", "(-1, 4]"),
    ("tan(y)^2+1", "sec(y)^2"), ("x = 2 or x = -3", "-3, 2"), ("1/3", "0.333"),
    ("\\frac{\\sqrt{3}}{2}", "sqrt(3)/2"), ("x^3/3 + C", "x^3/3"), ("(2, -3)", "(2, 3)"),
)  # fmt: skip


class WorkerPool:
    """A fixed number of worker processes; `call` runs a picklable function under a limit."""

    def __init__(self, size: int = 2, *, wait: bool = True) -> None:
        self.size = size
        # LIFO: back-to-back calls reuse the most recent worker, whose SymPy caches are warm.
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        # Every worker is started by this one thread, which lives as long as the pool: a
        # worker's death signal fires when the thread that started it ends (see `_Worker`).
        self._spawns: queue.Queue[threading.Event | None] = queue.Queue()
        self._spawner = threading.Thread(
            target=self._spawn_loop, name="maths-guard-spawner", daemon=True
        )
        self._spawner.start()
        started = [self._spawn() for _ in range(size)]
        if wait:
            for done in started:
                done.wait()
            if len(self._all) < size:
                self.close()
                raise WorkerError("a maths worker did not start")

    def _spawn(self) -> threading.Event:
        done = threading.Event()
        self._spawns.put(done)
        return done

    def _spawn_loop(self) -> None:
        while (done := self._spawns.get()) is not None:
            try:
                self._add_worker()
            except WorkerError:
                pass  # a caller waiting for a worker gets GuardBusy at its own limit
            finally:
                done.set()

    def _add_worker(self) -> None:
        worker = _Worker()
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        self._spawn()

    def pids(self) -> list[int]:
        """Process ids of the workers started so far (for monitoring and tests)."""
        with self._lock:
            return sorted(w.process.pid for w in self._all)

    def call(self, timeout_s: float, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        deadline = time.monotonic() + timeout_s
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise GuardBusy("no maths worker was free") from None
        remaining = max(deadline - time.monotonic(), 0.001)
        try:
            worker.conn.send((func, args, kwargs, remaining * _SOFT_FRACTION))
            if not worker.conn.poll(remaining):
                self._replace(worker)
                raise GuardTimeout("the worker was stopped at the time limit")
            status, value = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(worker)
            raise WorkerError(f"the maths worker died: {exc!r}") from exc
        self._idle.put(worker)
        if status == "timeout":
            raise GuardTimeout("the work hit its time limit")
        if status == "error":
            raise WorkerError(str(value))
        result: T = value
        return result

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        self._spawns.put(None)
        for worker in workers:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
            try:
                worker.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
            worker.kill()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def pool(size: int = 2, *, wait: bool = True) -> WorkerPool:
    """The shared pool, started on first use.

    With `wait` the caller blocks until the workers are ready (a few seconds: each imports
    SymPy and warms its caches); services should call this once at start-up. Without it the
    workers start in the background and a call made before one is ready waits for it only as
    long as its own time limit allows.
    """
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool(size, wait=wait)
            atexit.register(_pool.close)
        return _pool


def shutdown() -> None:
    """Stop the shared pool's workers (tests and CLI call this; atexit does it otherwise)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.close()
            _pool = None
