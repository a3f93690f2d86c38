"""Maths workers end with the process that started them, even one killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A server in miniature: the pool is created from a short-lived thread (as a request thread
# would), one worker is kept busy in a single C-level call that no signal handler interrupts,
# the other is idle.
SERVER = textwrap.dedent(
    """
    import sys, threading, time
    from mathpath.maths import guard

    starter = threading.Thread(target=lambda: guard.pool(2, wait=False))
    starter.start()
    starter.join()
    pool = guard.pool()
    while len(pool.pids()) < 2:
        time.sleep(0.05)
    print(" ".join(map(str, pool.pids())), flush=True)
    time.sleep(1.0)  # the thread that created the pool is long gone
    assert pool.call(30.0, abs, -7) == 7, "a worker died with the thread that created the pool"
    threading.Thread(target=pool.call, args=(600.0, sum, range(10**15)), daemon=True).start()
    time.sleep(0.5)
    print("busy", flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has already exited


def test_workers_exit_when_their_server_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    errors = tmp_path / "stderr.txt"
    workers: list[int] = []
    with (
        errors.open("w") as stderr,
        subprocess.Popen(
            [sys.executable, str(script)], stdout=subprocess.PIPE, stderr=stderr, text=True
        ) as server,
    ):
        assert server.stdout is not None
        try:
            workers = [int(pid) for pid in server.stdout.readline().split()]
            assert workers, errors.read_text()
            assert server.stdout.readline().strip() == "busy", errors.read_text()
            assert all(_alive(pid) for pid in workers)
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
            deadline = time.monotonic() + 5
            while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert [pid for pid in workers if _alive(pid)] == []
        finally:
            if server.poll() is None:
                server.kill()
            for pid in workers:  # leave nothing behind if an assertion above failed
                if _alive(pid):
                    os.kill(pid, signal.SIGKILL)
