"""Database-layer benchmark through HTTP: no-database route, one-row read, small write.

Runs each configuration in its own uvicorn process (one worker) and drives it with ``wrk``
(Debian package ``wrk``) from another process on loopback. Prints a Markdown table.

    .venv/bin/python -m benchmarks.db_layer.bench [--seconds 5] [--connections 16] [--pg URL]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
POST_LUA = (
    'wrk.method = "POST"\nwrk.body = \'{"text": "x"}\'\n'
    'wrk.headers["Content-Type"] = "application/json"\n'
)


def run_wrk(url: str, seconds: int, connections: int, script: str | None) -> dict[str, float]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        cmd[1:1] = ["-s", script]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": pct("50"),
        "p99": pct("99"),
        "errors": float(errors.group(1)) if errors else 0.0,
    }


def bench_variant(
    name: str, env: dict[str, str], seconds: int, connections: int, port: int
) -> list[tuple[str, str, dict[str, float]]]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.db_layer.app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/nodb", timeout=0.5)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(POST_LUA)
        results = []
        for route, script in (("/nodb", None), ("/read", None), ("/write", lua.name)):
            results.append(
                (
                    name,
                    route,
                    run_wrk(f"http://127.0.0.1:{port}{route}", seconds, connections, script),
                )
            )
        return results
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--pg", default="", help="PostgreSQL URL for the asyncpg variant")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    scratch = Path(tempfile.mkdtemp(prefix="dbbench-"))
    sqlite = f"sqlite+aiosqlite:///{scratch / 'bench.sqlite'}"
    variants: list[tuple[str, dict[str, str]]] = [
        (
            "aiosqlite, WAL, synchronous=NORMAL, 10 pooled connections (kit default)",
            {"BENCH_DB_URL": sqlite},
        ),
        (
            "aiosqlite, WAL, synchronous=FULL, queue pool",
            {"BENCH_DB_URL": sqlite, "BENCH_SYNCHRONOUS": "FULL"},
        ),
        (
            "aiosqlite, WAL, NORMAL, 1 pooled connection",
            {"BENCH_DB_URL": sqlite, "BENCH_POOL": "1"},
        ),
        (
            "aiosqlite, WAL, NORMAL, 2 pooled connections",
            {"BENCH_DB_URL": sqlite, "BENCH_POOL": "2"},
        ),
        (
            "aiosqlite, WAL, NORMAL, 4 pooled connections",
            {"BENCH_DB_URL": sqlite, "BENCH_POOL": "4"},
        ),
        (
            "aiosqlite, NullPool (connect per request)",
            {"BENCH_DB_URL": sqlite, "BENCH_POOL": "null"},
        ),
    ]
    if args.pg:
        variants.append(("PostgreSQL 15, asyncpg, pool 10", {"BENCH_DB_URL": args.pg}))
    rows = []
    for i, (name, env) in enumerate(variants):
        rows += bench_variant(name, env, args.seconds, args.connections, 18100 + i)
    print("| configuration | route | req/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|")
    for name, route, r in rows:
        print(
            f"| {name} | {route} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
            f"| {r['errors']:.0f} |"
        )


if __name__ == "__main__":
    main()
