"""Events published (and a few consumed) by the identity service: payload contracts.

Erasure across services (UK GDPR right to erasure):

1. identity records a privacy request and publishes ``user.erase_requested`` (its own
   consumer anonymises identity's data, revokes every session, then publishes
   ``user.erased``);
2. every service listed in ``expected_services`` consumes ``user.erased``, removes or
   anonymises its data for ``user_id`` and publishes ``user.erasure_confirmed`` with its
   ``service`` name (or calls ``IdentityClient.confirm_erasure``);
3. identity marks the request complete when every service confirmed. A pending request is
   re-dispatched (a new ``user.erased`` event with the same ``request_id``) by the
   retention job, so a service that was down or crashed midway finishes when it returns;
   erasure handlers must therefore be idempotent by ``user_id``, not only by event id.

Access revocation: when an account is erased or disabled, its role changes or its password is
reset, identity publishes ``user.access_revoked`` (``not_before``: access tokens of
``user_id`` issued before it are refused; the entry matters until ``expires_at``, when every
such token has expired). Every process keeps these in memory (``mathpath.access``), loaded
from identity at its first verification and fed by the event after.

Export follows the same shape with ``user.export_requested`` and
``user.export_contributed`` (``data`` is the service's JSON-serialisable part).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

Role = Literal["student", "teacher", "parent", "admin"]

USER_REGISTERED = "user.registered"
USER_ROLE_CHANGED = "user.role_changed"
USER_PROFILE_CHANGED = "user.profile_changed"
USER_ERASE_REQUESTED = "user.erase_requested"
USER_ERASED = "user.erased"
USER_ACCESS_REVOKED = "user.access_revoked"
USER_ERASURE_CONFIRMED = "user.erasure_confirmed"
USER_EXPORT_REQUESTED = "user.export_requested"
USER_EXPORT_CONTRIBUTED = "user.export_contributed"
CLASS_MEMBERSHIP_CHANGED = "class.membership_changed"
PARENT_LINK_CHANGED = "parent_link.changed"

# Events after which cached relationship answers must be dropped.
RELATIONSHIP_EVENTS: tuple[str, ...] = (
    CLASS_MEMBERSHIP_CHANGED,
    PARENT_LINK_CHANGED,
    USER_ROLE_CHANGED,
    USER_ERASED,
)


class UserRegistered(BaseModel):
    user_id: str
    role: Role
    provider: str = "local"
    # Below 13 the account waits for verified parental consent (status pending_consent).
    status: Literal["active", "pending_consent"] = "active"


class UserRoleChanged(BaseModel):
    user_id: str
    old_role: Role
    new_role: Role
    changed_by: str


class UserProfileChanged(BaseModel):
    """The user changed what their profile shows (the display name)."""

    user_id: str


class UserEraseRequested(BaseModel):
    request_id: str
    user_id: str
    requested_by: str | None = None


class UserErased(BaseModel):
    request_id: str
    user_id: str
    expected_services: list[str] = Field(default_factory=list)


class UserAccessRevoked(BaseModel):
    user_id: str
    # Seconds since the epoch (fractions kept): tokens with an earlier `iat` are refused.
    not_before: float
    expires_at: float
    reason: Literal["erased", "disabled", "role_changed", "password_reset"]


class UserErasureConfirmed(BaseModel):
    request_id: str
    user_id: str
    service: str


class UserExportRequested(BaseModel):
    request_id: str
    user_id: str
    expected_services: list[str] = Field(default_factory=list)


class UserExportContributed(BaseModel):
    request_id: str
    user_id: str
    service: str
    data: dict[str, Any] = Field(default_factory=dict)


class ClassMembershipChanged(BaseModel):
    class_id: str
    teacher_id: str
    student_ids: list[str]
    change: Literal["joined", "left", "removed", "class_archived"]
    at: datetime


class ParentLinkChanged(BaseModel):
    parent_id: str
    child_id: str
    change: Literal["linked", "unlinked"]
    at: datetime
