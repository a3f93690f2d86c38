"""GraphQL classes: one query returns a class with its students, their names and mastery, in
the same number of service calls for 2 students as for 10; the REST policies still hold."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from mathpath.gateway.app import Gateway
from mathpath.gateway.graphql.schema import MAX_ALIASES, MAX_DEPTH
from tests.fixtures.identity import TestUser, create_user, link_parent, put_in_class

CLASS = """
query($id: ID!) {
  class(id: $id) {
    id name joinCode
    teacher { id displayName }
    students {
      id displayName
      skills { skillId name pKnown mastered attempts }
      pathways { pathwayId title enrolled skills mastered meanPKnown started }
    }
  }
}
"""


async def gql(
    client: httpx.AsyncClient, user: TestUser, query: str, **variables: object
) -> dict[str, object]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=user.headers
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, object] = response.json()
    return body


@contextmanager
def service_calls(gateway: Gateway) -> Iterator[Counter[str]]:
    """Every HTTP request sent through the platform's service clients (the gateway's GraphQL
    resolvers and the services' own calls to each other), counted by service."""
    counts: Counter[str] = Counter()
    hooks = []
    for name in ("identity", "learning", "billing"):
        client = gateway.runtime.directory.client(name)

        async def hook(request: httpx.Request, name: str = name) -> None:
            counts[name] += 1

        client.event_hooks["request"].append(hook)
        hooks.append((client, hook))
    try:
        yield counts
    finally:
        for client, hook in hooks:
            client.event_hooks["request"].remove(hook)


async def practise(client: httpx.AsyncClient, student: TestUser) -> None:
    response = await client.post(
        "/api/v1/attempts",
        json={"item_id": "gcse-quad-001", "answer": "5, 2"},
        headers={**student.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text


async def a_class(client: httpx.AsyncClient, size: int) -> tuple[TestUser, list[TestUser], str]:
    teacher = await create_user(client, role="teacher", display_name=f"Ms Teach {size}")
    students = [
        await create_user(client, role="student", display_name=f"Pupil {size}-{n:02d}")
        for n in range(size)
    ]
    class_id = await put_in_class(client, teacher, *students)
    return teacher, students, class_id


async def test_one_query_returns_a_class_with_names_and_mastery(client: httpx.AsyncClient):
    teacher, (ada, bo), class_id = await a_class(client, 2)
    await practise(client, ada)
    body = await gql(client, teacher, CLASS, id=class_id)
    assert "errors" not in body, body
    got = body["data"]["class"]  # type: ignore[index]
    assert got["id"] == class_id and got["name"] == "Year 10 set 1" and got["joinCode"]
    assert got["teacher"] == {"id": teacher.id, "displayName": "Ms Teach 2"}
    students = {s["id"]: s for s in got["students"]}
    assert students.keys() == {ada.id, bo.id}
    assert students[ada.id]["displayName"] == "Pupil 2-00"
    (skill,) = [
        s for s in students[ada.id]["skills"] if s["skillId"] == "alg.solve-quadratic-factorising"
    ]
    assert skill["attempts"] == 1 and skill["pKnown"] > 0
    assert students[bo.id]["skills"] == []
    pathways = {p["pathwayId"]: p for p in students[ada.id]["pathways"]}
    assert pathways["gcse-higher"]["started"] and pathways["gcse-higher"]["skills"] > 1
    assert not pathways["ks3-catch-up"]["started"]


async def test_service_calls_do_not_grow_with_the_class(
    client: httpx.AsyncClient, gateway: Gateway
):
    small = await a_class(client, 2)
    large = await a_class(client, 10)
    for _, students, _ in (small, large):
        await practise(client, students[0])
    # Warm what every first request pays once (identity's keys, revocations).
    await gql(client, small[0], "{ viewer { id } }")
    calls: dict[int, Counter[str]] = {}
    for teacher, students, class_id in (small, large):
        with service_calls(gateway) as counts:
            body = await gql(client, teacher, CLASS, id=class_id)
        assert "errors" not in body, body
        assert len(body["data"]["class"]["students"]) == len(students)  # type: ignore[index]
        calls[len(students)] = counts
    print(f"service calls: class of 2 {dict(calls[2])}, class of 10 {dict(calls[10])}")
    assert calls[2] == calls[10]
    # The roster from identity, the progress from learning, and learning asking identity
    # once how the teacher relates to the students.
    assert calls[10] == Counter({"identity": 2, "learning": 1})


async def test_my_classes_batches_every_roster(client: httpx.AsyncClient, gateway: Gateway):
    teacher, _, class_id = await a_class(client, 3)
    query = "{ myClasses { id teacher { displayName } students { displayName mastery } } }"
    with service_calls(gateway) as counts:
        body = await gql(client, teacher, query)
    assert "errors" not in body, body
    (got,) = body["data"]["myClasses"]  # type: ignore[index]
    assert got["id"] == class_id
    assert sorted(s["displayName"] for s in got["students"]) == [
        "Pupil 3-00",
        "Pupil 3-01",
        "Pupil 3-02",
    ]
    # My classes, their rosters, the students' progress, and learning's relation check.
    assert counts == Counter({"identity": 3, "learning": 1})


async def test_another_teacher_cannot_read_the_class(client: httpx.AsyncClient):
    _, (student, _), class_id = await a_class(client, 2)
    other = await create_user(client, role="teacher")
    body = await gql(client, other, CLASS, id=class_id)
    assert body["data"] is None
    (error,) = body["errors"]  # type: ignore[misc]
    assert error["extensions"]["status"] == 403, error
    assert error["path"] == ["class"]
    # Nor one of its students by id.
    body = await gql(
        client, other, "query($id: ID!) { student(id: $id) { skills { skillId } } }", id=student.id
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["status"] == 403  # type: ignore[index]


async def test_a_student_sees_own_classes_without_classmates(client: httpx.AsyncClient):
    _, (ada, bo), class_id = await a_class(client, 2)
    body = await gql(client, ada, "{ myClasses { id name joinCode teacher { displayName } } }")
    assert "errors" not in body, body
    assert body["data"]["myClasses"] == [  # type: ignore[index]
        {
            "id": class_id,
            "name": "Year 10 set 1",
            "joinCode": None,
            "teacher": {"displayName": "Ms Teach 2"},
        }
    ]
    body = await gql(client, ada, "{ myClasses { students { id displayName } } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["status"] == 403  # type: ignore[index]
    assert bo.id not in str(body) and "Pupil 2-01" not in str(body)
    # The roster route refuses a student too, whatever the gateway does.
    direct = await client.get(
        "/api/v1/classes/rosters", params={"class_id": class_id}, headers=ada.headers
    )
    assert direct.status_code == 403
    # Her own classes through herself.
    body = await gql(client, ada, "{ viewer { asStudent { classes { id } } } }")
    assert body["data"]["viewer"]["asStudent"]["classes"] == [{"id": class_id}]  # type: ignore[index]


async def test_a_parent_sees_only_linked_children(client: httpx.AsyncClient, gateway: Gateway):
    _, (ada, bo), _ = await a_class(client, 2)
    await practise(client, ada)
    parent = await create_user(client, role="parent")
    await link_parent(client, parent, ada)
    one = "query($id: ID!) { student(id: $id) { skills { skillId } } }"
    body = await gql(client, parent, one, id=ada.id)
    assert "errors" not in body, body
    assert body["data"]["student"]["skills"]  # type: ignore[index]
    both = """query($a: ID!, $b: ID!) {
      a: student(id: $a) { pathways { pathwayId } }
      b: student(id: $b) { pathways { pathwayId } }
    }"""
    with service_calls(gateway) as counts:
        body = await gql(client, parent, both, a=ada.id, b=bo.id)
    # One batch for both; only the child who is not linked is refused.
    assert counts["learning"] == 1
    (error,) = body["errors"]  # type: ignore[misc]
    assert error["path"][0] == "b" and error["extensions"]["status"] == 403


async def test_a_teacher_sees_which_of_their_classes_a_student_is_in(client: httpx.AsyncClient):
    teacher, (ada, _), class_id = await a_class(client, 2)
    elsewhere = await put_in_class(client, await create_user(client, role="teacher"), ada)
    query = "query($id: ID!) { class(id: $id) { students { id classes { id name } } } }"
    body = await gql(client, teacher, query, id=class_id)
    assert "errors" not in body, body
    for s in body["data"]["class"]["students"]:  # type: ignore[index]
        assert s["classes"] == [{"id": class_id, "name": "Year 10 set 1"}]
    # Ada sees both of hers.
    body = await gql(client, ada, 'query { student(id: "me") { classes { id } } }')
    assert "errors" not in body, body
    mine = {c["id"] for c in body["data"]["student"]["classes"]}  # type: ignore[index]
    assert mine == {class_id, elsewhere}


async def test_a_too_deep_query_is_refused_before_any_service_call(
    client: httpx.AsyncClient, gateway: Gateway
):
    teacher, _, class_id = await a_class(client, 2)
    deep = (
        "query Deep($id: ID!) { class(id: $id) { students { classes { students { classes {"
        " students { id } } } } } } }"
    )
    with service_calls(gateway) as counts:
        body = await gql(client, teacher, deep, id=class_id)
    assert body.get("data") is None
    (error,) = body["errors"]  # type: ignore[misc]
    assert error["message"] == f"'Deep' exceeds maximum operation depth of {MAX_DEPTH}"
    assert not counts


async def test_too_many_aliases_are_refused(client: httpx.AsyncClient):
    teacher, _, _ = await a_class(client, 1)
    fields = " ".join(f"p{n}: pathways" for n in range(MAX_ALIASES + 1))
    body = await gql(client, teacher, "{ " + fields + " }")
    assert body.get("data") is None
    assert "aliases found" in body["errors"][0]["message"]  # type: ignore[index]
