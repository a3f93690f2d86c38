"""Lexical search with SQLite FTS5 (BM25), in process."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

from mathpath.tutor.retrieval.passages import Filters, Passage

_TOKEN = re.compile(r"[A-Za-z0-9]+")


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the text's words: the student's words, never FTS syntax."""
    words = [w.lower() for w in _TOKEN.findall(text) if len(w) > 1 or w.isdigit()]
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))


class Fts5LexicalIndex:
    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE passages USING fts5(pid UNINDEXED, title, body,"
            " tokenize='porter unicode61')"
        )
        self._passages: dict[str, Passage] = {}

    async def upsert(self, passages: Sequence[Passage]) -> None:
        await self.delete([p.id for p in passages])
        self._db.executemany(
            "INSERT INTO passages(pid, title, body) VALUES (?, ?, ?)",
            [(p.id, p.title, p.text) for p in passages],
        )
        self._passages.update({p.id: p for p in passages})

    async def delete(self, passage_ids: Sequence[str]) -> None:
        self._db.executemany("DELETE FROM passages WHERE pid = ?", [(p,) for p in passage_ids])
        for pid in passage_ids:
            self._passages.pop(pid, None)

    async def search(
        self, query: str, k: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        match = fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT pid, bm25(passages, 2.0, 1.0) FROM passages WHERE passages MATCH ?"
            " ORDER BY bm25(passages, 2.0, 1.0) LIMIT ?",
            (match, max(k * 8, 50)),
        ).fetchall()
        hits: list[tuple[str, float]] = []
        for pid, score in rows:
            if self._passages[pid].matches(filters):
                hits.append((str(pid), -float(score)))
                if len(hits) == k:
                    break
        return hits
