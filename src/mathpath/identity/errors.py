"""Identity's domain errors (each a stable problem type)."""

from __future__ import annotations

from mathpath.kit.errors import BusinessRuleViolation, Conflict, Forbidden, Unauthorized


class BadCredentials(Unauthorized):
    type_slug = "bad-credentials"
    title = "Email or password is incorrect"


class MfaRequired(Unauthorized):
    type_slug = "mfa-required"
    title = "Enter the code from your authenticator app"


class BadSecondFactor(Unauthorized):
    type_slug = "bad-second-factor"
    title = "That code is not valid"


class InvalidRefreshToken(Unauthorized):
    type_slug = "invalid-refresh-token"
    title = "Sign in again"


class AccountNotActive(Forbidden):
    type_slug = "account-not-active"
    title = "This account cannot sign in yet"


class InvalidOneTimeToken(BusinessRuleViolation):
    type_slug = "invalid-token"
    title = "This link is not valid or has expired"


class ConsentRequired(BusinessRuleViolation):
    type_slug = "consent-required"
    title = "Consent is required"


class AlreadyDone(Conflict):
    type_slug = "already-done"
    title = "Already done"


class ExternalTokenRejected(Unauthorized):
    type_slug = "external-token-rejected"
    title = "The identity provider's token was not accepted"


class ReauthenticationRequired(Forbidden):
    type_slug = "reauthentication-required"
    title = "Confirm it is you"
