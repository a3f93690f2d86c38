"""Signing keys: asymmetric, identified by ``kid``, stored encrypted, rotated without logouts.

The newest unretired key signs. A retired key stays in the JWKS for ``key_overlap_s`` so
tokens it signed before the rotation still verify until they expire.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity.crypto import decrypt, encrypt, new_secret_token
from mathpath.identity.models import SigningKey
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.db import Database

log = structlog.get_logger("mathpath.identity.keys")

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def generate_private_key(algorithm: str) -> PrivateKey:
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: PrivateKey, algorithm: str, kid: str) -> dict[str, Any]:
    public = key.public_key()
    jwk: dict[str, Any]
    if isinstance(public, ed25519.Ed25519PublicKey):
        jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
    elif isinstance(public, ec.EllipticCurvePublicKey):
        jwk = ECAlgorithm.to_jwk(public, as_dict=True)
    else:
        jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
    return {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}


@dataclass(frozen=True)
class Signer:
    kid: str
    algorithm: str
    key: PrivateKey

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key, algorithm=self.algorithm, headers={"kid": self.kid})


class KeyRing:
    """The keys of this process, reloaded from the database every ``reload_s`` seconds.

    A reload runs in the background while the keys in hand keep signing: the caller may be a
    request holding a connection of the pool, and waiting there for a second one could
    exhaust a small pool (two concurrent sign-ins, each waiting for the other's connection).
    """

    def __init__(
        self, db: Database, secret_key: str, *, algorithm: str, overlap_s: int, reload_s: float = 60
    ) -> None:
        self.db = db
        self.secret_key = secret_key
        self.algorithm = algorithm
        self.overlap_s = overlap_s
        self.reload_s = reload_s
        self._signer: Signer | None = None
        self._jwks: dict[str, Any] = {"keys": []}
        self._loaded_at = 0.0
        self._reloading: asyncio.Task[None] | None = None

    async def load(self) -> None:
        async with self.db.transaction() as session:
            rows = (
                await session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc()))
            ).all()
            active = [r for r in rows if r.retired_at is None]
            if not active:
                row = await create_key(session, self.secret_key, self.algorithm)
                rows = [row, *rows]
                active = [row]
        now = utcnow()
        overlap = timedelta(seconds=self.overlap_s)
        published = [
            r.public_jwk
            for r in rows
            if r.retired_at is None or aware(r.retired_at) + overlap > now
        ]
        newest = active[0]
        pem = decrypt(self.secret_key, newest.private_pem).encode()
        key = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(
            key, ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
        )
        self._signer = Signer(newest.kid, newest.algorithm, key)
        self._jwks = {"keys": published}
        self._loaded_at = time.monotonic()

    async def _fresh(self) -> None:
        if self._signer is None:
            await self.load()
        elif time.monotonic() - self._loaded_at > self.reload_s and self._reloading is None:
            self._reloading = asyncio.create_task(self._reload())

    async def _reload(self) -> None:
        try:
            await self.load()
        except Exception as exc:  # the keys in hand keep working; the next call retries
            log.warning("signing_keys_reload_failed", error_type=type(exc).__name__)
        finally:
            self._reloading = None

    async def aclose(self) -> None:
        """Wait for a background reload (before the database is disposed)."""
        task = self._reloading
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    async def signer(self) -> Signer:
        await self._fresh()
        assert self._signer is not None
        return self._signer

    async def jwks(self) -> dict[str, Any]:
        await self._fresh()
        return self._jwks

    async def rotate(self) -> str:
        """Start signing with a new key; the old one is retired but still published."""
        async with self.db.transaction() as session:
            await session.execute(
                update(SigningKey)
                .where(SigningKey.retired_at.is_(None))
                .values(retired_at=utcnow())
            )
            row = await create_key(session, self.secret_key, self.algorithm)
        await self.load()
        return row.kid


async def create_key(session: AsyncSession, secret_key: str, algorithm: str) -> SigningKey:
    kid = new_secret_token(12)
    key = generate_private_key(algorithm)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    row = SigningKey(
        kid=kid,
        algorithm=algorithm,
        private_pem=encrypt(secret_key, pem),
        public_jwk=public_jwk(key, algorithm, kid),
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row
