"""Who is calling: the verified content of an access token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES: tuple[str, ...] = ("student", "teacher", "parent", "admin")


@dataclass(frozen=True)
class Principal:
    user_id: str
    roles: frozenset[str]
    is_service: bool = False
    # True when the token was issued after a second factor (TOTP or recovery code).
    mfa: bool = False
    # The bearer token itself, to forward on calls made on this user's behalf.
    token: str = field(default="", repr=False)
    claims: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def has_role(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles and self.mfa


@dataclass(frozen=True)
class StudentScope:
    """A route's student, resolved (``me`` becomes the caller) and checked by the policy."""

    principal: Principal
    student_id: str
    # Why access was granted: self, teacher, parent, admin or service.
    relation: str


@dataclass(frozen=True)
class ClassScope:
    principal: Principal
    class_id: str
    relation: str  # teacher | admin | service


@dataclass(frozen=True)
class StudentsScope:
    """A batch route's students, split by the policy into those the caller may see and the
    rest (refused or unknown: the same answer, so a batch cannot probe for accounts)."""

    principal: Principal
    allowed: tuple[str, ...]
    denied: tuple[str, ...]
