"""Access tokens of erased, disabled or otherwise revoked users, refused at once.

Tokens are verified locally, so without this a disabled user's token would keep working in
every service until it expires. Identity records "refuse ``user_id``'s tokens issued before
``not_before``" and publishes ``user.access_revoked``; each process holds the live entries
in memory (a dict lookup per request, no I/O):

- loaded once, at the process's first verification of a user's token, from identity
  (``GET /api/v1/identity/revocations`` with a service token), so a process started after a
  revocation knows it; until that succeeds user tokens answer 503, as when identity's keys
  cannot be fetched;
- kept current by a per-process subscription to ``user.access_revoked`` (every replica hears
  every revocation: :func:`install_revocations` in a service's startup, or
  :func:`subscribe_revocations` for the gateway), and, in identity's own process, the moment
  the change commits.

Entries are dropped once every token they could refuse has expired. Service tokens are not
subject to it (they belong to no user).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from mathpath.contracts.identity_events import USER_ACCESS_REVOKED, UserAccessRevoked
from mathpath.kit.errors import ServiceUnavailable, Unauthorized
from mathpath.kit.events import Event
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext

log = structlog.get_logger("mathpath.access.revocation")

_SUBSCRIBED = "access.revocations.group"


class AccessRevoked(Unauthorized):
    type_slug = "invalid-token"
    title = "The access token is not valid"


class Revocations:
    def __init__(self, load: Callable[[], Awaitable[list[UserAccessRevoked]]]) -> None:
        self._load = load
        self._entries: dict[str, tuple[float, float]] = {}  # user -> (not_before, expires)
        self._loaded = False
        self._lock = asyncio.Lock()

    def apply(self, entry: UserAccessRevoked) -> None:
        current = self._entries.get(entry.user_id)
        if current is None or entry.not_before >= current[0]:
            self._entries[entry.user_id] = (entry.not_before, entry.expires_at)

    async def ensure_loaded(self) -> None:
        if self._loaded:
            return
        async with self._lock:
            if self._loaded:
                return
            try:
                entries = await self._load()
            except Exception as exc:
                log.warning("revocations_load_failed", error_type=type(exc).__name__)
                raise ServiceUnavailable(
                    "Sign-in checks are not available yet. Please retry shortly."
                ) from exc
            for entry in entries:
                self.apply(entry)
            self._loaded = True

    def mark_loaded(self) -> None:
        """For a process that needs no snapshot (tests minting their own tokens)."""
        self._loaded = True

    async def check(self, claims: dict[str, Any]) -> None:
        """Refuse a user's token issued before the user's revocation."""
        if claims.get("svc"):
            return
        await self.ensure_loaded()
        entry = self._entries.get(str(claims["sub"]))
        if entry is None:
            return
        not_before, expires_at = entry
        if expires_at <= time.time():
            self._entries.pop(str(claims["sub"]), None)
            return
        if float(claims["iat"]) < not_before:
            raise AccessRevoked("This account's access was withdrawn. Sign in again.")
        if len(self._entries) > 1000:
            self._prune()

    def _prune(self) -> None:
        now = time.time()
        for user_id in [u for u, (_, expires) in self._entries.items() if expires <= now]:
            del self._entries[user_id]


def revocation_list(runtime: Runtime) -> Revocations:
    """This process's revocations (one per runtime: shared by an embedded platform)."""
    found = runtime.extras.get("access.revocations")
    if isinstance(found, Revocations):
        return found

    async def load() -> list[UserAccessRevoked]:
        from mathpath.access.policies import identity_client

        client = identity_client(runtime)
        bearer = await client.service_token(
            "gateway", runtime.settings.secret_key.get_secret_value()
        )
        return await client.revocations(bearer=bearer)

    revocations = Revocations(load)
    runtime.extras["access.revocations"] = revocations
    return revocations


def _handler(runtime: Runtime) -> Callable[[Event], Awaitable[None]]:
    async def apply(event: Event) -> None:
        revocation_list(runtime).apply(UserAccessRevoked.model_validate(event.payload))

    return apply


def subscribe_revocations(runtime: Runtime, group: str) -> bool:
    """Feed this runtime's revocations from ``user.access_revoked`` under a consumer group of
    this process's own (call before the bus starts; the caller drops ``group`` when the
    process stops). Once per runtime: False when another caller already subscribed."""
    if runtime.extras.get(_SUBSCRIBED):
        return False
    runtime.extras[_SUBSCRIBED] = group
    runtime.bus.subscribe(group, [USER_ACCESS_REVOKED], _handler(runtime), from_start=False)
    return True


async def install_revocations(ctx: ServiceContext) -> None:
    """A service's startup hook (``on_startup=[install_revocations, ...]``): revocations reach
    this process (see the module doc)."""
    if ctx.runtime.extras.get(_SUBSCRIBED):
        return
    ctx.runtime.extras[_SUBSCRIBED] = ctx.name
    ctx.on_each_process([USER_ACCESS_REVOKED], "access-revocations", _handler(ctx.runtime))
