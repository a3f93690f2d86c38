"""The tutor's own settings (environment variables `MATHPATH_TUTOR_*`)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from mathpath.tutor.experiments import Arm


class TutorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATHPATH_TUTOR_", extra="ignore")

    # The voice: "template" (embedded default, no network) or "llm".
    voice: Literal["template", "llm"] = "template"
    # LLM fallback chain, tried in order: "provider:model" as init_chat_model reads it,
    # e.g. "openai:gpt-4o-mini", "anthropic:claude-3-5-haiku-latest", "ollama:llama3.1".
    llm_models: list[str] = Field(default_factory=list)
    llm_base_url: str = ""  # any OpenAI-compatible server (vLLM, llama.cpp, Ollama /v1)
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_s: float = 8.0
    llm_max_retries: int = 1
    llm_max_tokens: int = 300
    # USD per million tokens, "model": [input, output]; unknown models cost 0 (recorded).
    llm_prices: dict[str, tuple[float, float]] = Field(default_factory=dict)

    embedder: Literal["hashing", "minilm", "api"] = "hashing"
    # embedder "api": an OpenAI-shaped embeddings endpoint (OpenAI, Mistral, Ollama, vLLM,
    # llama.cpp). Changing the model or dimension re-embeds the curriculum at start-up.
    embedding_model: str = "text-embedding-3-small"
    embedding_base_url: str = "https://api.openai.com/v1"
    embedding_api_key: SecretStr = SecretStr("")
    embedding_dimension: int | None = Field(default=None, ge=8, le=4096)
    embedding_timeout_s: float = 10.0
    # Where retrieval searches. Embedded: exact cosine in process and SQLite FTS5.
    # Distributed: "pgvector" (HNSW) and "postgres" (full text) in the database at
    # `retrieval_url` (empty: `checkpoint_url`), where feedback notes outlive a restart.
    vector_index: Literal["exact", "pgvector", "pinecone"] = "exact"
    lexical_index: Literal["sqlite", "postgres"] = "sqlite"
    retrieval_url: str = ""
    hnsw_ef_search: int = Field(default=100, ge=1, le=1000)
    # vector_index "pinecone": one serverless index (metric dotproduct, the embedder's
    # dimension), by its data-plane host, e.g. https://tutor-abc1234.svc.aped-4627-b74a.pinecone.io
    pinecone_host: str = ""
    pinecone_api_key: SecretStr = SecretStr("")
    pinecone_namespace: str = "tutor"
    pinecone_timeout_s: float = 10.0
    # Session documents (a session with its turns): "sql" (the tutor's tables) or "mongo"
    # (kept from the tables' events in `mongo_url`, e.g. mongodb://db:27017/mathpath_tutor).
    session_store: Literal["sql", "mongo"] = "sql"
    mongo_url: str = ""
    content_dir: Path = Path("content")
    # Empty: an SQLite file beside the service's database (embedded). A postgresql:// URL
    # selects the Postgres checkpointer and store (distributed).
    checkpoint_url: str = ""
    context_budget_chars: int = 1800
    # An online A/B test of agent configurations (`mathpath.tutor.experiments`): its name
    # (empty: none) and its arms, e.g. {"template": {"voice": "template"}, "llm": {"voice":
    # "llm", "weight": 1}, "concept-first": {"policy": "concept-first"}}. Each student stays in
    # one arm; GET /api/v1/tutor/experiments/{name} reports the outcomes by arm.
    experiment: str = ""
    experiment_arms: dict[str, Arm] = Field(default_factory=dict)
