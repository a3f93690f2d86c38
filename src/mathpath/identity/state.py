"""Identity's per-process singletons (built at startup, kept in ``ctx.state``)."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher

from mathpath.identity.adapters.email import EmailPort, OutboxEmail, SmtpEmail
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
    ctx.state["identity"] = state
    return state


def state_of(ctx: ServiceContext) -> IdentityState:
    state = ctx.state.get("identity")
    if not isinstance(state, IdentityState):
        state = build_state(ctx)
    return state
