"""Typed client of the tutor service's API (for the gateway, other services and tests)."""

from __future__ import annotations

from typing import Any

import httpx

from mathpath.kit.errors import ServiceUnavailable

SESSIONS_PATH = "/api/v1/tutor/sessions"


class TutorApiError(Exception):
    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(problem.get("detail") or problem.get("title") or str(status))
        self.status = status
        self.problem = problem


class TutorClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def _call(self, method: str, path: str, bearer: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {bearer}", **kw.pop("headers", {})}
        try:
            response = await self.http.request(method, path, headers=headers, **kw)
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("the tutor could not be reached") from exc
        if response.status_code >= 400:
            raise TutorApiError(response.status_code, response.json())
        return response.json()

    async def start_session(
        self, *, bearer: str, item_id: str | None = None, problem: str | None = None,
        mode: str = "practice", idempotency_key: str | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        body = {"item_id": item_id, "problem": problem, "mode": mode}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        result: dict[str, Any] = await self._call(
            "POST", SESSIONS_PATH, bearer, json={k: v for k, v in body.items() if v},
            headers=headers,
        )  # fmt: skip
        return result

    async def send_message(
        self, session_id: str, text: str, *, bearer: str, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        result: dict[str, Any] = await self._call(
            "POST", f"{SESSIONS_PATH}/{session_id}/messages", bearer, json={"text": text},
            headers=headers,
        )  # fmt: skip
        return result

    async def transcript(self, session_id: str, *, bearer: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._call("GET", f"{SESSIONS_PATH}/{session_id}", bearer)
        return result
