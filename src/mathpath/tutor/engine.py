"""The tutor's run-time engine: the compiled graph with its checkpointer and store, the
retrieval index and the voices, built once per process at start-up."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from contextlib import AsyncExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import aiosqlite
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.store.base import BaseStore
from langgraph.store.sqlite.aio import AsyncSqliteStore

from mathpath.tutor import memory
from mathpath.tutor.config import TutorSettings
from mathpath.tutor.core.items import TutorItem, load_pack_items
from mathpath.tutor.graph.builder import builder, thread_config
from mathpath.tutor.graph.state import TutorDeps
from mathpath.tutor.retrieval.api_embedder import OpenAICompatibleEmbedder
from mathpath.tutor.retrieval.embedders import HashingEmbedder, SentenceTransformerEmbedder
from mathpath.tutor.retrieval.exact import ExactVectorIndex
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.lexical import Fts5LexicalIndex
from mathpath.tutor.retrieval.passages import Passage, curriculum_passages
from mathpath.tutor.retrieval.pg import open_pool
from mathpath.tutor.retrieval.pg_lexical import PgLexicalIndex
from mathpath.tutor.retrieval.pgvector import PgVectorIndex
from mathpath.tutor.retrieval.pinecone_index import PineconeVectorIndex
from mathpath.tutor.retrieval.ports import Embedder, Vectors
from mathpath.tutor.voice.base import Voice
from mathpath.tutor.voice.template import TemplateVoice

# Curriculum vectors are the same for every engine of a process (tests start many): embed
# them once per (content, embedder).
_EMBEDDED: dict[tuple[str, str], tuple[list[Passage], Vectors]] = {}
# How much the dense ranking counts in the fusion, per embedder (measured on the labelled
# set: the hashing embedder's ranking is weaker than BM25's, so it only breaks ties).
DENSE_WEIGHTS = {"hashing": 0.3}


def make_embedder(name: str, settings: TutorSettings | None = None) -> Embedder:
    if name == "minilm":
        return SentenceTransformerEmbedder.packaged_minilm()
    if name == "api":
        settings = settings or TutorSettings()
        return OpenAICompatibleEmbedder(
            settings.embedding_model,
            base_url=settings.embedding_base_url,
            api_key=settings.embedding_api_key.get_secret_value(),
            dimension=settings.embedding_dimension,
            timeout_s=settings.embedding_timeout_s,
        )
    return HashingEmbedder()


def _content_key(passages: list[Passage]) -> str:
    digest = hashlib.sha256()
    for p in passages:
        digest.update(p.id.encode())
        digest.update(p.text.encode())
    return digest.hexdigest()


CURRICULUM_PREFIXES = ("lesson:", "item:")


async def build_retriever(
    content_dir: Path, embedder: Embedder, stores: RetrievalStores | None = None
) -> HybridRetriever:
    """The curriculum index: fresh in-process indexes, or the PostgreSQL tables of `stores`
    brought up to date (changed passages rewritten, withdrawn ones deleted, stored feedback
    notes read back)."""
    passages = await asyncio.to_thread(curriculum_passages, content_dir)
    key = (_content_key(passages), embedder.name)
    if key not in _EMBEDDED:
        vectors = await asyncio.to_thread(
            embedder.embed, [f"{p.title}\n{p.text}" for p in passages]
        )
        _EMBEDDED[key] = (passages, vectors)
    cached, vectors = _EMBEDDED[key]
    retriever = HybridRetriever(
        embedder,
        stores.vectors if stores and stores.vectors else ExactVectorIndex(embedder.dimension),
        stores.lexical if stores and stores.lexical else Fts5LexicalIndex(),
        dense_weight=DENSE_WEIGHTS.get(embedder.name, 1.0),
    )
    await retriever.add_embedded(cached, vectors)
    if stores is not None:
        await stores.catch_up(retriever, {p.id for p in cached})
    return retriever


@dataclass
class RetrievalStores:
    """The shared indexes chosen in settings (pgvector or Pinecone, PostgreSQL full text);
    they outlive a rebuild of the retriever, so a rebuild updates them in place."""

    vectors: PgVectorIndex | PineconeVectorIndex | None = None
    lexical: PgLexicalIndex | None = None

    @classmethod
    async def open(
        cls, stack: AsyncExitStack, settings: TutorSettings, dimension: int
    ) -> RetrievalStores | None:
        wants_vectors = settings.vector_index == "pgvector"
        wants_text = settings.lexical_index == "postgres"
        stores = cls()
        if settings.vector_index == "pinecone":
            stores.vectors = PineconeVectorIndex(
                settings.pinecone_host, settings.pinecone_api_key.get_secret_value(), dimension,
                namespace=settings.pinecone_namespace, timeout_s=settings.pinecone_timeout_s,
            )  # fmt: skip
            stack.push_async_callback(stores.vectors.aclose)
            await stores.vectors.setup()
        if not (wants_vectors or wants_text):
            return stores if stores.vectors is not None else None
        url = settings.retrieval_url or settings.checkpoint_url
        if not url.startswith("postgres"):
            raise ValueError(
                "MATHPATH_TUTOR_VECTOR_INDEX=pgvector and MATHPATH_TUTOR_LEXICAL_INDEX=postgres"
                " need MATHPATH_TUTOR_RETRIEVAL_URL (or CHECKPOINT_URL) = postgresql://..."
            )
        pool = await open_pool(url, vector=wants_vectors)
        stack.push_async_callback(pool.close)
        if wants_vectors:
            stores.vectors = PgVectorIndex(pool, dimension, ef_search=settings.hnsw_ef_search)
            await stores.vectors.setup()
        if wants_text:
            stores.lexical = PgLexicalIndex(pool)
            await stores.lexical.setup()
        return stores

    async def catch_up(self, retriever: HybridRetriever, current: set[str]) -> None:
        stored: set[str] = set()
        for index in (self.vectors, self.lexical):
            if index is not None:
                stored |= await index.stored_ids()
        withdrawn = [p for p in stored if p.startswith(CURRICULUM_PREFIXES) and p not in current]
        await retriever.remove(sorted(withdrawn))
        if self.lexical is not None:
            # Notes written before a restart (the events that brought them are not replayed).
            await retriever.add(await self.lexical.stored(["feedback"]))


def arm_deps(settings: TutorSettings, base: TutorDeps) -> dict[str, TutorDeps]:
    """Each arm of the configured experiment as dependencies of the graph."""
    if not settings.experiment:
        return {}
    from mathpath.tutor.experiments import POLICIES

    out: dict[str, TutorDeps] = {}
    for name, arm in settings.experiment_arms.items():
        voice = base.fallback
        if arm.voice == "llm":
            from mathpath.tutor.voice.llm import llm_voice_from_settings

            voice = base.voice if settings.voice == "llm" else llm_voice_from_settings(settings)
        out[name] = replace(base, voice=voice, policy=POLICIES[arm.policy])
    return out


def psycopg_url(url: str) -> str:
    """`postgresql+asyncpg://…` (SQLAlchemy's spelling) as psycopg reads it."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}" if scheme.startswith("postgres") else url


async def open_state(stack: AsyncExitStack, url: str, state_dir: Path) -> tuple[Any, BaseStore]:
    """The checkpointer and the memory store: PostgreSQL when `url` names one (distributed),
    otherwise SQLite files in `state_dir` (embedded)."""
    if url.startswith("postgres"):
        from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
        from langgraph.store.postgres.aio import AsyncPostgresStore

        saver = await stack.enter_async_context(
            AsyncPostgresSaver.from_conn_string(psycopg_url(url))
        )
        await saver.setup()
        pg_store = await stack.enter_async_context(
            AsyncPostgresStore.from_conn_string(psycopg_url(url))
        )
        await pg_store.setup()
        return saver, pg_store
    await asyncio.to_thread(state_dir.mkdir, parents=True, exist_ok=True)
    conn = await stack.enter_async_context(aiosqlite.connect(str(state_dir / "tutor_graph.sqlite")))
    await conn.execute("PRAGMA journal_mode=WAL")
    sqlite_saver = AsyncSqliteSaver(conn)
    await sqlite_saver.setup()
    store_conn = await stack.enter_async_context(
        # Autocommit: the store manages its own transactions.
        aiosqlite.connect(str(state_dir / "tutor_memory.sqlite"), isolation_level=None)
    )
    sqlite_store = AsyncSqliteStore(store_conn)
    await sqlite_store.setup()
    return sqlite_saver, sqlite_store


@dataclass
class TutorEngine:
    settings: TutorSettings
    graph: Any
    store: BaseStore
    checkpointer: Any
    deps: TutorDeps
    pack_items: dict[str, TutorItem]
    _stack: AsyncExitStack
    embedder: Embedder
    stores: RetrievalStores | None = None
    _retriever_task: asyncio.Task[HybridRetriever] | None = None
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    # The A/B experiment's arms: each a voice and a ladder policy (same index, same store).
    arm_deps: dict[str, TutorDeps] = field(default_factory=dict)

    @classmethod
    async def start(
        cls, settings: TutorSettings, state_dir: Path, *, voice: Voice | None = None
    ) -> TutorEngine:
        stack = AsyncExitStack()
        try:
            checkpointer, store = await open_state(stack, settings.checkpoint_url, state_dir)
            embedder = make_embedder(settings.embedder, settings)
            stores = await RetrievalStores.open(stack, settings, embedder.dimension)
        except BaseException:
            await stack.aclose()
            raise
        template = TemplateVoice()
        deps = TutorDeps(
            voice=voice or template,
            fallback=template,
            context_budget_chars=settings.context_budget_chars,
        )
        engine = cls(
            settings=settings,
            graph=builder.compile(checkpointer=checkpointer, store=store),
            store=store,
            checkpointer=checkpointer,
            deps=deps,
            pack_items=await asyncio.to_thread(load_pack_items, settings.content_dir),
            _stack=stack,
            embedder=embedder,
            stores=stores,
            arm_deps=arm_deps(settings, deps),
        )
        # Build the index in the background now, so the first turn rarely waits for it.
        engine._retriever_task = asyncio.create_task(
            build_retriever(settings.content_dir, embedder, stores)
        )
        return engine

    async def retriever(self) -> HybridRetriever:
        """The curriculum index, built on first use (start-up stays fast)."""
        if self._retriever_task is None:
            self._retriever_task = asyncio.create_task(
                build_retriever(self.settings.content_dir, self.embedder, self.stores)
            )
        retriever = await self._retriever_task
        self.deps.retriever = retriever
        return retriever

    def lock(self, session_id: str) -> asyncio.Lock:
        return self._locks.setdefault(session_id, asyncio.Lock())

    def deps_for(self, arm: str | None) -> TutorDeps:
        """The dependencies of an experiment's arm (its voice and policy), else the default."""
        chosen = self.arm_deps.get(arm or "", self.deps)
        chosen.retriever = self.deps.retriever
        return chosen

    async def run_turn(
        self, first: dict[str, Any] | None, update: dict[str, Any], arm: str | None = None
    ) -> Any:
        """One turn of a session's graph; `first` seeds a new thread's state."""
        try:
            await self.retriever()
        except Exception:  # the graph answers from the item alone without an index
            self.deps.retriever = None
        payload = {**(first or {}), **update}
        # One checkpoint per turn, written when the turn completes: a crash mid-turn leaves
        # the previous turn's state, and the message itself is already safe in the database.
        return await self.graph.ainvoke(
            payload,
            thread_config(update["session_id"]),
            context=self.deps_for(arm),
            durability="exit",
        )

    async def erase_student(self, student_id: str, session_ids: list[str]) -> None:
        for session_id in session_ids:
            await self.checkpointer.adelete_thread(session_id)
        await memory.erase(self.store, student_id)
        retriever = self.deps.retriever
        if retriever is None and self.stores is not None:
            retriever = await self.retriever()  # stored notes are read back when it is built
        if retriever is not None:
            gone = [
                pid
                for pid, p in retriever.passages.items()
                if p.meta.get("student_id") == student_id
            ]
            await retriever.remove(gone)

    async def reload_content(self) -> None:
        """New content was published: rebuild the curriculum index (kept student notes are
        carried over) and reload the pack's items."""
        old = self.deps.retriever
        notes = [p for p in old.passages.values() if p.kind == "feedback"] if old else []
        self._retriever_task = None
        self.pack_items = await asyncio.to_thread(load_pack_items, self.settings.content_dir)
        retriever = await self.retriever()
        await retriever.add(notes)

    async def ping(self) -> None:
        """Readiness: read from the checkpointer and the memory store (raises if either is
        unusable)."""
        await self.checkpointer.aget_tuple(thread_config("readiness-probe"))
        await self.store.aget(("readiness",), "probe")

    async def aclose(self) -> None:
        task = self._retriever_task
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._stack.aclose()
