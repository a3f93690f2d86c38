"""Request and response bodies of the identity API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, EmailStr, Field, field_validator

from mathpath.contracts.identity_events import UserAccessRevoked

SelfRole = Literal["student", "teacher", "parent"]
Role = Literal["student", "teacher", "parent", "admin"]


def _lower(value: str) -> str:
    return value.strip().lower()


class RegisterIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(min_length=1, max_length=100)
    role: SelfRole = "student"
    date_of_birth: date | None = None
    accept_terms: bool = False
    accept_privacy: bool = False
    marketing_opt_in: bool = False
    parent_email: EmailStr | None = None

    _norm = field_validator("email", "parent_email")(
        lambda v: _lower(v) if isinstance(v, str) else v
    )


class AcceptedOut(BaseModel):
    detail: str


class TokenIn(BaseModel):
    email: EmailStr
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=10)
    recovery_code: str | None = Field(default=None, max_length=20)

    _norm = field_validator("email")(lambda v: _lower(v))


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int
    refresh_token: str | None = None
    user_id: str
    roles: list[Role]
    mfa_enrolment_required: bool = False


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class OneTimeTokenIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)


class PasswordResetIn(BaseModel):
    email: EmailStr

    _norm = field_validator("email")(lambda v: _lower(v))


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1024)


class MeOut(BaseModel):
    id: str
    email: str | None
    display_name: str
    role: Role
    status: str
    email_verified: bool
    mfa_enabled: bool
    created_at: datetime


class MePatch(BaseModel):
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    marketing_opt_in: bool | None = None


class TotpStartOut(BaseModel):
    secret: str
    otpauth_uri: str


class ReauthIn(BaseModel):
    """Proof that the person at the keyboard owns the account, for irreversible actions."""

    password: str | None = Field(default=None, max_length=200)


class CodeIn(BaseModel):
    code: str = Field(min_length=1, max_length=20)


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str]


class ClassIn(BaseModel):
    name: str = Field(min_length=1, max_length=100)


class ClassOut(BaseModel):
    id: str
    name: str
    teacher_id: str
    teacher_name: str
    join_code: str | None = None  # teachers only
    created_at: datetime


class StudentOut(BaseModel):
    id: str
    display_name: str


class ClassDetailOut(ClassOut):
    students: list[StudentOut]


class ClassRostersOut(BaseModel):
    classes: list[ClassDetailOut]
    # Asked for but not the caller's (or archived, or no such class: the same answer).
    denied: list[str]


class JoinIn(BaseModel):
    join_code: str = Field(min_length=4, max_length=16)


class InviteOut(BaseModel):
    link_id: str
    invite_code: str
    expires_at: datetime


class InviteAcceptIn(BaseModel):
    invite_code: str = Field(min_length=4, max_length=40)


class LinkOut(BaseModel):
    id: str
    parent_id: str
    child_id: str | None
    status: str
    created_at: datetime


class RelationsOut(BaseModel):
    viewer_id: str
    student_id: str
    relations: list[Literal["self", "teacher", "parent"]]


class ClassRelationOut(BaseModel):
    viewer_id: str
    class_id: str
    relation: Literal["teacher", "member", "none"]


class ServiceTokenIn(BaseModel):
    service: Literal["identity", "learning", "tutor", "billing", "gateway"]
    timestamp: int
    proof: str = Field(min_length=64, max_length=64)


class RevocationsOut(BaseModel):
    revoked: list[UserAccessRevoked]


class ServiceTokenOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 - the scheme name
    expires_in: int


class EmailOut(BaseModel):
    id: str
    to: str
    subject: str
    body: str
    created_at: datetime


class UserAdminOut(BaseModel):
    id: str
    email: str | None
    display_name: str
    role: Role
    status: str
    mfa_enabled: bool
    created_at: datetime
    last_sign_in_at: datetime | None


class UserPage(BaseModel):
    items: list[UserAdminOut]
    total: int


class RoleIn(BaseModel):
    role: Role
    reason: str = Field(min_length=3, max_length=500)


class StatusIn(BaseModel):
    status: Literal["active", "disabled"]
    reason: str = Field(min_length=3, max_length=500)


class AuditOut(BaseModel):
    id: str
    actor_id: str | None
    action: str
    target_id: str | None
    detail: dict[str, Any]
    created_at: datetime


class PrivacyRequestOut(BaseModel):
    id: str
    kind: Literal["export", "erasure"]
    status: Literal["pending", "complete"]
    expected: list[str]
    answered: list[str]
    created_at: datetime
    completed_at: datetime | None


class ExportOut(PrivacyRequestOut):
    archive: dict[str, Any]


class ContributionIn(BaseModel):
    data: dict[str, Any] = Field(default_factory=dict)


class ExternalTokenIn(BaseModel):
    id_token: str = Field(min_length=10, max_length=8192)
    # Needed the first time a provider's user is seen (their account is created then).
    accept_terms: bool = False
    accept_privacy: bool = False
