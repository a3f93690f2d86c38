"""Hashing and encryption primitives used by identity (no I/O)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.fernet import Fernet, InvalidToken

# Chosen by measurement (benchmarks/identity/RESULTS.md): one hash costs about 160 ms of one
# core here (50-250 ms wanted). One lane, so a sign-in never takes both cores of a small box.
STANDARD_HASHER = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=1)
# Tests only: the same algorithm at a cost that keeps a test suite with many accounts fast.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def hasher_for(profile: str) -> PasswordHasher:
    return FAST_HASHER if profile == "fast" else STANDARD_HASHER


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


# argon2 releases the GIL: hashing in a worker thread keeps the event loop serving others.
async def hash_password_async(hasher: PasswordHasher, password: str) -> str:
    return await asyncio.to_thread(hasher.hash, password)


async def verify_password_async(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    return await asyncio.to_thread(verify_password, hasher, stored, password)


def verify_password(hasher: PasswordHasher, stored: str | None, password: str) -> bool:
    """Constant work whether or not the account exists: a missing hash verifies a dummy."""
    target = stored or _dummy_hash(hasher)
    try:
        ok = hasher.verify(target, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and stored is not None


_DUMMIES: dict[int, str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    key = id(hasher)
    if key not in _DUMMIES:
        _DUMMIES[key] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMIES[key]


def new_secret_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def digest(token: str) -> str:
    """How opaque tokens are stored: high-entropy, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


def fernet_for(secret_key: str) -> Fernet:
    key = hashlib.sha256(b"mathpath-identity-encryption:" + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret_key: str, plain: str) -> str:
    return fernet_for(secret_key).encrypt(plain.encode()).decode()


def decrypt(secret_key: str, token: str) -> str:
    try:
        return fernet_for(secret_key).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: wrong secret key or damaged value") from exc
