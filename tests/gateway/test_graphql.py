"""The GraphQL endpoint composes data across services and respects their policies."""

from __future__ import annotations

import httpx

from tests.fixtures.identity import create_user

VIEWER = """
query {
  viewer { id role displayName entitlements asStudent { id mastery } }
  pathways
}
"""


async def test_viewer_query_composes_identity_billing_and_learning(client: httpx.AsyncClient):
    student = await create_user(client, role="student")
    response = await client.post("/graphql", json={"query": VIEWER}, headers=student.headers)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    viewer = body["data"]["viewer"]
    assert viewer["id"] == student.id and viewer["role"] == "student"
    assert viewer["asStudent"]["id"] == student.id
    assert isinstance(viewer["entitlements"], dict)
    assert body["data"]["pathways"]


async def test_another_students_data_is_refused_by_the_owning_service(client: httpx.AsyncClient):
    alice = await create_user(client, role="student")
    bob = await create_user(client, role="student")
    query = "query($id: ID!) { student(id: $id) { mastery } }"
    response = await client.post(
        "/graphql", headers=alice.headers, json={"query": query, "variables": {"id": bob.id}}
    )
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["status"] == 403


async def test_viewer_without_a_token_is_an_authentication_error(client: httpx.AsyncClient):
    body = (await client.post("/graphql", json={"query": "{ viewer { id } }"})).json()
    assert body["errors"][0]["extensions"]["status"] == 401
