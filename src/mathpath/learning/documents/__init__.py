"""Where learning keeps its document-shaped data, as chosen in settings
(`LearningSettings.document_store`, `.progress_store`).

`documents(ctx)` gives the stores for one unit of work: the SQL adapters work in the
request's own session (so their writes commit with the outbox event), the MongoDB and
Firestore adapters on their own clients, opened at start-up (`open_documents`).

What moves where:
- published content versions and feedback notes: in MongoDB they are the only copy;
- the attempt event log and progress snapshots: read models. Their source is the attempts
  and mastery tables, which the attempt path writes in one transaction with its events;
  the MongoDB time series and the Firestore snapshots are fed from those events
  (`attempt.recorded`, `mastery.updated`), each applied once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.service import ServiceContext
from mathpath.learning.config import LearningSettings
from mathpath.learning.documents.ports import (
    AttemptEventLog,
    ContentVersionStore,
    FeedbackNoteStore,
    ProgressSnapshotStore,
)
from mathpath.learning.documents.sql import (
    SqlAttemptEventLog,
    SqlContentVersionStore,
    SqlFeedbackNoteStore,
    SqlProgressStore,
)

SETTINGS_KEY = "learning.settings"
_KEY = "learning.documents"


@dataclass
class LearningDocuments:
    mongo: Any = None  # the AsyncDatabase when document_store is "mongo"
    firestore: Any = None  # the AsyncClient when progress_store is "firestore"
    _clients: tuple[Any, ...] = ()

    def content(self, session: AsyncSession) -> ContentVersionStore:
        if self.mongo is None:
            return SqlContentVersionStore(session)
        from mathpath.learning.documents.mongo import MongoContentVersionStore

        return MongoContentVersionStore(self.mongo)

    def feedback(self, session: AsyncSession) -> FeedbackNoteStore:
        if self.mongo is None:
            return SqlFeedbackNoteStore(session)
        from mathpath.learning.documents.mongo import MongoFeedbackNoteStore

        return MongoFeedbackNoteStore(self.mongo)

    def attempt_log(self, session: AsyncSession) -> AttemptEventLog:
        if self.mongo is None:
            return SqlAttemptEventLog(session)
        from mathpath.learning.documents.mongo import MongoAttemptEventLog

        return MongoAttemptEventLog(self.mongo)

    def progress(self, session: AsyncSession) -> ProgressSnapshotStore:
        if self.firestore is None:
            return SqlProgressStore(session)
        from mathpath.learning.documents.firestore import FirestoreProgressStore

        return FirestoreProgressStore(self.firestore)

    async def aclose(self) -> None:
        for client in self._clients:
            result = client.close()
            if hasattr(result, "__await__"):
                await result


def learning_settings(ctx: ServiceContext) -> LearningSettings:
    given = ctx.runtime.extras.get(SETTINGS_KEY)
    return given if isinstance(given, LearningSettings) else LearningSettings()


def documents(ctx: ServiceContext) -> LearningDocuments:
    found = ctx.state.get(_KEY)
    return found if isinstance(found, LearningDocuments) else LearningDocuments()


async def open_documents(ctx: ServiceContext) -> None:
    """Start-up: connect the stores the settings choose (nothing for the SQL defaults)."""
    settings = learning_settings(ctx)
    docs = LearningDocuments()
    clients: list[Any] = []
    try:
        if settings.document_store == "mongo":
            from mathpath.kit.mongo import mongo_database
            from mathpath.learning.documents.mongo import setup_learning_collections

            if not settings.mongo_url:
                raise ValueError(
                    "MATHPATH_LEARNING_DOCUMENT_STORE=mongo needs MATHPATH_LEARNING_MONGO_URL"
                )
            client, docs.mongo = mongo_database(settings.mongo_url, "mathpath_learning")
            clients.append(client)
            await setup_learning_collections(docs.mongo)
        if settings.progress_store == "firestore":
            from mathpath.kit.firestore import firestore_client

            docs.firestore = firestore_client(
                settings.firestore_project, emulator_host=settings.firestore_emulator_host,
                database=settings.firestore_database,
            )  # fmt: skip
            clients.append(docs.firestore)
    except BaseException:
        await LearningDocuments(_clients=tuple(clients)).aclose()
        raise
    docs._clients = tuple(clients)
    ctx.state[_KEY] = docs


async def close_documents(ctx: ServiceContext) -> None:
    docs = ctx.state.pop(_KEY, None)
    if isinstance(docs, LearningDocuments):
        await docs.aclose()
