"""Identity benchmark: sign-in cost (argon2id) and access-token verification throughput.

    .venv/bin/python benchmarks/identity/bench.py [--hashes 20] [--seconds 3]

Uses no data set. Reports the CPU time of a hash (its cost, independent of other load on
the machine) and the wall time (what a user waits, which includes that load). Token
verification runs on one core (one thread), with the key already loaded, which is the
steady state of every service after its first JWKS fetch.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from mathpath.access.tokens import TokenVerifier
from mathpath.identity.crypto import STANDARD_HASHER
from mathpath.identity.keys import Signer, generate_private_key, public_jwk

ISSUER = "https://identity.mathpath.dev"
AUDIENCE = "mathpath"


def bench_hash(count: int) -> dict[str, float]:
    hash_times: list[float] = []
    cpu_times: list[float] = []
    verify_times: list[float] = []
    for i in range(count):
        password = f"correct-horse-battery-{i}"
        started = time.perf_counter()
        cpu_started = time.process_time()
        stored = STANDARD_HASHER.hash(password)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        hash_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        STANDARD_HASHER.verify(stored, password)
        verify_times.append((time.perf_counter() - started) * 1000)
    return {
        "hash_cpu_ms_median": statistics.median(cpu_times),
        "hash_ms_median": statistics.median(hash_times),
        "hash_ms_p95": sorted(hash_times)[int(0.95 * (count - 1))],
        "verify_ms_median": statistics.median(verify_times),
    }


async def _no_fetch() -> dict[str, Any]:
    raise AssertionError("keys are preloaded")


def bench_tokens(algorithm: str, seconds: float) -> dict[str, float]:
    key = generate_private_key(algorithm)
    signer = Signer("bench", algorithm, key)
    verifier = TokenVerifier(_no_fetch, issuer=ISSUER, audience=AUDIENCE)
    verifier.load({"keys": [public_jwk(key, algorithm, "bench")]})
    now = int(time.time())
    tokens = [
        signer.sign(
            {
                "iss": ISSUER,
                "aud": AUDIENCE,
                "sub": f"user-{i}",
                "roles": ["student"],
                "amr": ["pwd"],
                "iat": now,
                "nbf": now,
                "exp": now + 900,
            }
        )
        for i in range(1000)
    ]
    started = time.perf_counter()
    signed = 0
    while time.perf_counter() - started < seconds / 3:
        signer.sign({"sub": "x", "iat": now})
        signed += 1
    sign_rate = signed / (time.perf_counter() - started)
    verified = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for token in tokens:
            verifier.verify_cached(token)
        verified += len(tokens)
    return {
        "verify_per_s": verified / (time.perf_counter() - started),
        "sign_per_s": sign_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hashes", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    params = STANDARD_HASHER
    print(
        f"argon2id time_cost={params.time_cost} memory_cost={params.memory_cost} KiB "
        f"parallelism={params.parallelism}"
    )
    for name, value in bench_hash(args.hashes).items():
        print(f"  {name}: {value:.1f}")
    for algorithm in ("EdDSA", "ES256", "RS256"):
        result = bench_tokens(algorithm, args.seconds)
        print(
            f"{algorithm}: verify {result['verify_per_s']:.0f}/s on one core, "
            f"sign {result['sign_per_s']:.0f}/s"
        )


if __name__ == "__main__":
    main()
