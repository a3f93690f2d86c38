"""`mathpath dev cluster`: the distributed platform on one machine, one command.

Each service in its own process against its own PostgreSQL database, the Redis Streams bus
and the Redis cache, the gateway in front, every process given the URLs of the services it
calls. The command creates the databases when they are missing, runs every service's
migrations, starts the four services and the gateway, waits until each answers `/readyz`,
and stops them all (gateway first) on Ctrl-C or when one of them exits.

The environment defaults to `staging`: distributed adapters and production's refusals of
SQLite, but the sandbox payment provider and the email outbox are allowed (with a warning)
so the cluster runs offline. `--environment production` applies every production refusal:
set MATHPATH_SECRET_KEY, SMTP and a real payment provider first. Any other `MATHPATH_*`
variable in the caller's environment is passed to every process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy.engine import make_url

from mathpath.kit.settings import SERVICES

GATEWAY = "gateway"


class ClusterError(RuntimeError):
    """The cluster could not be started (a database, a migration or a process failed)."""


@dataclass(frozen=True)
class ClusterPlan:
    """Every process of the cluster: its port and its environment."""

    postgres_url: str
    redis_url: str
    redis_prefix: str
    database_prefix: str
    host: str
    ports: dict[str, int]
    environment: str
    data_dir: Path
    passthrough: dict[str, str] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://{self.host}:{self.ports[name]}"

    def database_name(self, service: str) -> str:
        return f"{self.database_prefix}_{service}"

    def database_url(self, service: str) -> str:
        url = make_url(self.postgres_url).set(database=self.database_name(service))
        return url.set(drivername="postgresql").render_as_string(hide_password=False)

    def env(self, name: str) -> dict[str, str]:
        """The environment of process `name` (a service or the gateway)."""
        env = dict(self.passthrough)
        env.update(
            {
                "MATHPATH_ENVIRONMENT": self.environment,
                "MATHPATH_DATA_DIR": str(self.data_dir / name),
                "MATHPATH_REDIS_URL": self.redis_url,
                "MATHPATH_EVENT_BUS": "redis",
                "MATHPATH_CACHE_BACKEND": "redis",
                "MATHPATH_REDIS_STREAM_PREFIX": self.redis_prefix,
                "MATHPATH_PUBLIC_BASE_URL": self.url(GATEWAY),
                "MATHPATH_HOST": self.host,
                "MATHPATH_PORT": str(self.ports[name]),
            }
        )
        for service in SERVICES:
            env[f"MATHPATH_{service.upper()}_DATABASE_URL"] = self.database_url(service)
            env.pop(f"MATHPATH_{service.upper()}_URL", None)
            if service != name:  # a service calls itself in process
                env[f"MATHPATH_{service.upper()}_URL"] = self.url(service)
        return env

    def command(self, name: str) -> list[str]:
        args = [sys.executable, "-m", "mathpath", "serve", "--port", str(self.ports[name])]
        return args if name == GATEWAY else [*args, "--service", name]


def make_plan(
    *,
    postgres_url: str,
    redis_url: str,
    redis_prefix: str,
    database_prefix: str,
    host: str,
    port: int,
    first_service_port: int | None,
    environment: str,
    data_dir: Path,
    environ: Mapping[str, str] | None = None,
) -> ClusterPlan:
    first = first_service_port if first_service_port is not None else port + 101
    ports = {service: first + n for n, service in enumerate(SERVICES)}
    ports[GATEWAY] = port
    if len(set(ports.values())) != len(ports):
        raise ClusterError(f"the ports overlap: {ports}")
    # The caller's own settings (a secret, SMTP, providers) reach every process; what the
    # cluster wires itself (databases, URLs, Redis) is set by the plan.
    passthrough = dict(os.environ if environ is None else environ)
    return ClusterPlan(
        postgres_url=postgres_url,
        redis_url=redis_url,
        redis_prefix=redis_prefix,
        database_prefix=database_prefix,
        host=host,
        ports=ports,
        environment=environment,
        data_dir=data_dir.resolve(),
        passthrough=passthrough,
    )


async def ensure_databases(plan: ClusterPlan) -> list[str]:
    """Create each service's database when it is missing; returns the ones created."""
    admin = make_url(plan.postgres_url).set(drivername="postgresql")
    admin_dsn = admin.set(database=admin.database or "postgres").render_as_string(
        hide_password=False
    )
    try:
        conn = await asyncpg.connect(admin_dsn, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise ClusterError(
            f"PostgreSQL is not reachable at {admin.host}:{admin.port}: {exc}"
        ) from exc
    created = []
    try:
        for service in SERVICES:
            name = plan.database_name(service)
            if await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                continue
            await conn.execute(f'CREATE DATABASE "{name}"')
            created.append(name)
    finally:
        await conn.close()
    return created


async def drop_databases(plan: ClusterPlan) -> None:
    """Drop the cluster's databases (tests; never called by the command)."""
    admin = make_url(plan.postgres_url).set(drivername="postgresql")
    admin_dsn = admin.set(database=admin.database or "postgres").render_as_string(
        hide_password=False
    )
    conn = await asyncpg.connect(admin_dsn, timeout=10)
    try:
        for service in SERVICES:
            await conn.execute(
                f'DROP DATABASE IF EXISTS "{plan.database_name(service)}" WITH (FORCE)'
            )
    finally:
        await conn.close()


def migrate(plan: ClusterPlan) -> None:
    """Every service's Alembic migrations, each in a process of its own and at once."""
    running = {
        service: subprocess.Popen(  # noqa: S603 - our own command, no shell
            [sys.executable, "-m", "mathpath", "db", "upgrade", "--service", service],
            env=plan.env(service),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for service in SERVICES
    }
    failed = []
    for service, process in running.items():
        output, _ = process.communicate()
        if process.returncode != 0:
            failed.append(f"{service}:\n{output.decode(errors='replace')[-2000:]}")
    if failed:
        raise ClusterError("migrations failed:\n" + "\n".join(failed))


@dataclass
class Cluster:
    """The running processes of a plan."""

    plan: ClusterPlan
    log_dir: Path | None = None
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    _logs: list[IO[bytes]] = field(default_factory=list)

    def start(self) -> None:
        for name in (*SERVICES, GATEWAY):
            out: IO[bytes] | None = None
            if self.log_dir is not None:
                self.log_dir.mkdir(parents=True, exist_ok=True)
                out = open(self.log_dir / f"{name}.log", "ab")
                self._logs.append(out)
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own command, no shell
                self.plan.command(name),
                env=self.plan.env(name),
                stdout=out,
                stderr=subprocess.STDOUT if out is not None else None,
                # Ctrl-C reaches this command only, which then stops them in order.
                start_new_session=True,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )

    def exited(self) -> dict[str, int]:
        return {
            name: code
            for name, process in self.processes.items()
            if (code := process.poll()) is not None
        }

    def wait_ready(self, timeout_s: float = 180.0) -> None:
        """Wait until every process answers `/readyz` with 200."""
        deadline = time.monotonic() + timeout_s
        waiting = set(self.processes)
        last: dict[str, str] = {}
        with httpx.Client(timeout=5) as http:
            while waiting:
                if gone := self.exited():
                    raise ClusterError(f"stopped during start-up (exit codes): {gone}")
                if time.monotonic() > deadline:
                    raise ClusterError(f"not ready in {timeout_s:.0f} s: {last}")
                for name in sorted(waiting):
                    try:
                        response = http.get(self.plan.url(name) + "/readyz")
                    except httpx.HTTPError as exc:
                        last[name] = type(exc).__name__
                        continue
                    if response.status_code == 200:
                        waiting.discard(name)
                    else:
                        last[name] = response.text[:500]
                if waiting:
                    time.sleep(0.25)

    def stop(self, timeout_s: float = 60.0) -> dict[str, int]:
        """Stop the gateway first, then the services; returns each exit code. A second
        Ctrl-C (or SIGTERM) meanwhile does not cut this short: no process is left behind."""
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in _STOP_SIGNALS}
        try:
            codes: dict[str, int] = {}
            gateway = self.processes.get(GATEWAY)
            if gateway is not None:
                _terminate(gateway)
                codes[GATEWAY] = _wait(gateway, timeout_s)
            services = [(n, p) for n, p in self.processes.items() if n != GATEWAY]
            for _name, process in services:
                _terminate(process)
            for name, process in services:
                codes[name] = _wait(process, timeout_s)
            return codes
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            for out in self._logs:
                out.close()
            self._logs.clear()


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def how_it_ended(code: int) -> str:
    """`ok` for a clean stop (uvicorn exits by the signal it was stopped with, once it has
    shut down), `killed` when it had to be, else its exit code."""
    if code in (0, -signal.SIGTERM, -signal.SIGINT):
        return "ok"
    return "killed" if code == -signal.SIGKILL else f"exit {code}"


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)


def _die_with_parent() -> None:
    """In the child, before it runs: Linux sends it SIGTERM when this command dies, even
    by SIGKILL, so a killed `dev cluster` leaves no service running."""
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def _wait(process: subprocess.Popen[bytes], timeout_s: float) -> int:
    try:
        return process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def prepare(plan: ClusterPlan, echo: Callable[[str], None] = print) -> None:
    """Databases and migrations, before any process starts."""
    created = asyncio.run(ensure_databases(plan))
    if created:
        echo("created databases: " + ", ".join(created))
    migrate(plan)
    echo("migrated: " + ", ".join(SERVICES))


def run(
    plan: ClusterPlan, *, log_dir: Path | None = None, echo: Callable[[str], None] = print
) -> int:
    """The command: prepare, start, wait for Ctrl-C (or a process that exits), stop."""
    prepare(plan, echo)
    cluster = Cluster(plan, log_dir=log_dir)
    interrupted = False

    def on_term(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        cluster.start()
        cluster.wait_ready()
        for name in (*SERVICES, GATEWAY):
            echo(f"{name:9} {plan.url(name)}")
        echo(f"ready: the platform is at {plan.url(GATEWAY)} (Ctrl-C stops it)")
        while not (gone := cluster.exited()):
            time.sleep(0.5)
        echo(f"a process exited, stopping the others: {gone}")
    except KeyboardInterrupt:
        interrupted = True
    finally:
        signal.signal(signal.SIGTERM, previous)
        codes = cluster.stop()
        echo(
            "stopped: " + ", ".join(f"{name} {how_it_ended(code)}" for name, code in codes.items())
        )
    return 0 if interrupted else 1
