"""Identity's own settings (environment prefix ``MATHPATH_IDENTITY_``).

They live here rather than in ``kit.settings`` because only identity reads them. Tests pass
an :class:`IdentityConfig` through ``runtime.extras["identity.config"]`` instead of changing
the environment.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from mathpath.kit.runtime import Runtime

ISSUER = "https://identity.mathpath.dev"
AUDIENCE = "mathpath"


class OidcIssuer(BaseModel):
    """A school single sign-on issuer whose ID tokens we accept."""

    name: str
    issuer: str
    audience: str
    jwks_url: str
    # Claim values that map to our roles; anyone else signs in as a student.
    teacher_claim: str = "roles"
    teacher_values: list[str] = Field(default_factory=lambda: ["teacher", "Teacher"])


class IdentityConfig(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MATHPATH_IDENTITY_", env_nested_delimiter="__", extra="ignore"
    )

    issuer: str = ISSUER
    audience: str = AUDIENCE
    access_ttl_s: int = 15 * 60
    refresh_ttl_s: int = 30 * 24 * 3600
    # RS256: its verification is the cheapest of the three (benchmarks/identity).
    signing_algorithm: Literal["EdDSA", "ES256", "RS256"] = "RS256"
    # A retired key stays published this long after it stopped signing (> access_ttl_s).
    key_overlap_s: int = 3600
    # argon2id cost: "standard" is measured in benchmarks/identity (50-250 ms a hash);
    # "fast" only for tests, where hundreds of accounts are made.
    password_hash_profile: Literal["standard", "fast"] = "standard"  # noqa: S105 - a cost profile
    min_password_score: int = 3
    min_password_length: int = 10
    # Throttling: failures in a window before a lockout; lockouts grow but are capped, so an
    # attacker can delay a victim's sign-in by at most max_lockout_s at a time.
    throttle_window_s: int = 15 * 60
    account_failures_before_lock: int = 5
    # Per address: high, as a school's pupils share one address; the pair and account
    # counters protect each account.
    address_failures_before_lock: int = 300
    base_lockout_s: int = 60
    max_lockout_s: int = 15 * 60
    # Erasing an account without a password (SSO) needs a sign-in at most this old.
    reauth_max_age_s: int = 5 * 60
    email_token_ttl_s: int = 24 * 3600
    reset_token_ttl_s: int = 3600
    link_invite_ttl_s: int = 7 * 24 * 3600
    email_adapter: Literal["outbox", "smtp"] = "outbox"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_sender: str = "Mathpath <no-reply@mathpath.dev>"
    terms_version: str = "2026-09"
    privacy_version: str = "2026-09"
    # Services that must confirm an erasure and contribute to an export.
    privacy_services: list[str] = Field(default_factory=lambda: ["learning", "tutor", "billing"])
    privacy_redispatch_s: int = 600
    # Retention (identity/retention.py, one rule per table): what goes past these ages.
    audit_retention_days: int = 365 * 2
    email_outbox_retention_days: int = 30
    # A finished export's archive (every service's data about the user) is kept this long.
    export_retention_days: int = 7
    # Published events and processed-event records.
    event_retention_days: int = 30
    # Firebase Authentication: the project id; emulator host only in development/tests.
    firebase_project_id: str = ""
    firebase_emulator_host: str = ""
    oidc_issuers: list[OidcIssuer] = Field(default_factory=list)
    # Where user profiles (display name, role) are also kept for clients that read them:
    # "sql" (the users table only) or "firestore", fed from identity's events.
    profile_store: Literal["sql", "firestore"] = "sql"
    firestore_project: str = ""
    firestore_database: str = "(default)"
    firestore_emulator_host: str = ""


def identity_config(runtime: Runtime) -> IdentityConfig:
    config = runtime.extras.get("identity.config")
    if isinstance(config, IdentityConfig):
        return config
    config = IdentityConfig()
    runtime.extras["identity.config"] = config
    return config
