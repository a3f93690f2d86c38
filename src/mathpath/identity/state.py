"""Identity's per-process singletons (built at startup, kept in ``ctx.state``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from argon2 import PasswordHasher

from mathpath.identity.adapters.email import EmailPort, OutboxEmail, SmtpEmail
from mathpath.identity.adapters.external import FirebaseProvider, IdentityProvider, OidcProvider
from mathpath.identity.config import IdentityConfig, identity_config
from mathpath.identity.crypto import hasher_for
from mathpath.identity.keys import KeyRing
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Environment


@dataclass
class IdentityState:
    config: IdentityConfig
    keys: KeyRing
    email: EmailPort
    hasher: PasswordHasher
    secret_key: str
    providers: dict[str, IdentityProvider] = field(default_factory=dict)
    http: httpx.AsyncClient | None = None


def build_state(ctx: ServiceContext) -> IdentityState:
    config = identity_config(ctx.runtime)
    if (
        ctx.settings.environment is Environment.test
        and "password_hash_profile" not in config.model_fields_set
    ):
        # Test suites create hundreds of accounts; production cost is measured separately.
        config = config.model_copy(update={"password_hash_profile": "fast"})
    secret = ctx.settings.secret_key.get_secret_value()
    email: EmailPort
    if config.email_adapter == "smtp":
        email = SmtpEmail(config.smtp_host, config.smtp_port, config.smtp_sender)
    else:
        email = OutboxEmail()
    state = IdentityState(
        config=config,
        keys=KeyRing(
            ctx.db, secret, algorithm=config.signing_algorithm, overlap_s=config.key_overlap_s
        ),
        email=email,
        hasher=hasher_for(config.password_hash_profile),
        secret_key=secret,
    )
    build_providers(ctx, state)
    ctx.state["identity"] = state
    return state


def build_providers(ctx: ServiceContext, state: IdentityState) -> None:
    config = state.config
    if not (config.oidc_issuers or config.firebase_project_id):
        return
    state.http = httpx.AsyncClient(timeout=10.0)
    for issuer in config.oidc_issuers:
        provider = OidcProvider(issuer, state.http)
        state.providers[provider.name] = provider
    if config.firebase_project_id:
        emulator = bool(config.firebase_emulator_host)
        if emulator and ctx.settings.is_production:
            raise ValueError("the Firebase Auth emulator must not be configured in production")
        state.providers["firebase"] = FirebaseProvider(
            config.firebase_project_id, state.http, emulator=emulator
        )


def state_of(ctx: ServiceContext) -> IdentityState:
    state = ctx.state.get("identity")
    if not isinstance(state, IdentityState):
        state = build_state(ctx)
    return state
