"""The learning service's own settings (environment variables `MATHPATH_LEARNING_*`)."""

from __future__ import annotations

from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict


class LearningSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATHPATH_LEARNING_", extra="ignore")

    # Where published content versions, feedback notes and the attempt event log live:
    # "sql" (the service's database, the default) or "mongo" (`mongo_url`).
    document_store: Literal["sql", "mongo"] = "sql"
    # e.g. mongodb://db:27017/mathpath_learning (no database in the URL: mathpath_learning)
    mongo_url: str = ""
    # Where progress snapshots are read: "sql" (the mastery table) or "firestore".
    progress_store: Literal["sql", "firestore"] = "sql"
    firestore_project: str = ""
    firestore_database: str = "(default)"
    firestore_emulator_host: str = ""  # host:port of the Firestore emulator (tests, dev)
