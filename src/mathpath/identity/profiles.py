"""User profiles (display name and role) as documents, for clients that read Firestore
directly (`MATHPATH_IDENTITY_PROFILE_STORE=firestore`).

The users table stays the record: accounts are written there with their outbox events.
The Firestore profile `profiles/{user_id}` is refreshed from the user's row whenever one of
identity's events says it changed (registered, role changed, profile changed, erased), so
the order or the repetition of events does not matter, and a write from an older row never
replaces a newer one (compared by `updated_at` in a transaction).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import (
    USER_ERASED,
    USER_PROFILE_CHANGED,
    USER_REGISTERED,
    USER_ROLE_CHANGED,
)
from mathpath.identity.config import identity_config
from mathpath.identity.models import User
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext

COLLECTION = "profiles"
_CLIENT_KEY = "identity.firestore"


@dataclass(frozen=True)
class Profile:
    user_id: str
    display_name: str
    role: str
    created_at: datetime
    updated_at: datetime


class ProfileStore(Protocol):
    async def get(self, user_id: str) -> Profile | None: ...

    async def with_role(self, role: str, limit: int = 100) -> list[Profile]:
        """Profiles of one role, by user id."""
        ...


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def profile_of(user: User) -> Profile | None:
    """The profile an account shows; none for an erased one."""
    if user.status == "erased":
        return None
    return Profile(
        user.id, user.display_name, user.role, _aware(user.created_at), _aware(user.updated_at)
    )


class SqlProfileStore:
    """The users table itself."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: str) -> Profile | None:
        user = await self.session.get(User, user_id)
        return profile_of(user) if user is not None else None

    async def with_role(self, role: str, limit: int = 100) -> list[Profile]:
        rows = await self.session.scalars(
            select(User)
            .where(User.role == role, User.status != "erased")
            .order_by(User.id)
            .limit(limit)
        )
        return [p for p in (profile_of(u) for u in rows) if p is not None]


def _profile(data: dict[str, Any]) -> Profile:
    return Profile(
        data["user_id"], data["display_name"], data["role"], data["created_at"],
        data["updated_at"],
    )  # fmt: skip


class FirestoreProfileStore:
    def __init__(self, client: Any) -> None:
        from google.cloud import firestore

        self._firestore = firestore
        self.client = client
        self.collection = client.collection(COLLECTION)

    async def put(self, profile: Profile) -> bool:
        """Write `profile` unless the stored one is newer: whether it was written."""
        ref = self.collection.document(profile.user_id)

        @self._firestore.async_transactional
        async def write(transaction: Any) -> bool:
            current = await ref.get(transaction=transaction)
            if current.exists and current.get("updated_at") > profile.updated_at:
                return False
            transaction.set(ref, {
                "user_id": profile.user_id, "display_name": profile.display_name,
                "role": profile.role, "created_at": profile.created_at,
                "updated_at": profile.updated_at,
            })  # fmt: skip
            return True

        result: bool = await write(self.client.transaction())
        return result

    async def get(self, user_id: str) -> Profile | None:
        doc = await self.collection.document(user_id).get()
        return _profile(doc.to_dict()) if doc.exists else None

    async def with_role(self, role: str, limit: int = 100) -> list[Profile]:
        query = (
            self.collection.where(filter=self._firestore.FieldFilter("role", "==", role))
            .order_by("user_id")
            .limit(limit)
        )
        return [_profile(doc.to_dict()) async for doc in query.stream()]

    async def erase(self, user_id: str) -> None:
        await self.collection.document(user_id).delete()


def firestore_profiles(ctx: ServiceContext) -> FirestoreProfileStore | None:
    client = ctx.state.get(_CLIENT_KEY)
    return FirestoreProfileStore(client) if client is not None else None


def profile_store(ctx: ServiceContext, session: AsyncSession) -> ProfileStore:
    return firestore_profiles(ctx) or SqlProfileStore(session)


def subscribe_profiles(ctx: ServiceContext) -> None:
    """With profiles in Firestore: connect, and refresh a profile on every event about it."""
    config = identity_config(ctx.runtime)
    if config.profile_store != "firestore":
        return
    from mathpath.kit.firestore import firestore_client

    ctx.state[_CLIENT_KEY] = firestore_client(
        config.firestore_project, emulator_host=config.firestore_emulator_host,
        database=config.firestore_database,
    )  # fmt: skip
    store = firestore_profiles(ctx)
    assert store is not None

    async def refresh(event: Event) -> None:
        # Read the row, then write Firestore with no SQL transaction open (an open one would
        # hold SQLite's write lock through the call); the write itself is idempotent.
        user_id = str(event.payload["user_id"])
        async with ctx.db.transaction() as session:
            user = await session.get(User, user_id)
            profile = profile_of(user) if user is not None else None
        if profile is None:
            await store.erase(user_id)
        else:
            await store.put(profile)

    ctx.bus.subscribe(
        f"{ctx.name}.profiles",
        [USER_REGISTERED, USER_ROLE_CHANGED, USER_PROFILE_CHANGED, USER_ERASED],
        refresh,
    )


async def close_profiles(ctx: ServiceContext) -> None:
    client = ctx.state.pop(_CLIENT_KEY, None)
    if client is not None:
        client.close()
