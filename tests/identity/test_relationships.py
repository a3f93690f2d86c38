"""Classes and join codes, parent links, and the relationship answers other services use."""

from __future__ import annotations

import httpx

from tests.fixtures.identity import create_user, link_parent, put_in_class


async def relations(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], sid: str
) -> list[str]:
    response = await client.get(
        f"/api/v1/identity/relations/students/{sid}", headers=viewer_headers
    )
    assert response.status_code == 200, response.text
    found: list[str] = response.json()["relations"]
    return found


async def test_teacher_sees_only_students_of_own_classes(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher")
    other_teacher = await create_user(client, "teacher")
    mine = await create_user(client)
    theirs = await create_user(client)
    class_id = await put_in_class(client, teacher, mine)
    await put_in_class(client, other_teacher, theirs)
    assert await relations(client, teacher.headers, mine.id) == ["teacher"]
    assert await relations(client, teacher.headers, theirs.id) == []
    roster = await client.get(f"/api/v1/classes/{class_id}", headers=teacher.headers)
    assert [s["id"] for s in roster.json()["students"]] == [mine.id]
    refused = await client.get(f"/api/v1/classes/{class_id}", headers=other_teacher.headers)
    assert refused.status_code == 403


async def test_joining_twice_is_one_membership(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher")
    student = await create_user(client)
    class_id = await put_in_class(client, teacher, student)
    await put_in_class(client, teacher, student, class_id=class_id)
    roster = await client.get(f"/api/v1/classes/{class_id}", headers=teacher.headers)
    assert len(roster.json()["students"]) == 1
    mine = await client.get("/api/v1/classes", headers=student.headers)
    assert [c["id"] for c in mine.json()] == [class_id]
    assert mine.json()[0]["join_code"] is None  # students do not see the code


async def test_new_join_code_retires_the_old_one(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher")
    created = await client.post("/api/v1/classes", json={"name": "9X"}, headers=teacher.headers)
    old = created.json()["join_code"]
    rotated = await client.post(
        f"/api/v1/classes/{created.json()['id']}/join-code", headers=teacher.headers
    )
    assert rotated.json()["join_code"] != old
    student = await create_user(client)
    refused = await client.post(
        "/api/v1/classes/join", json={"join_code": old}, headers=student.headers
    )
    assert refused.status_code == 404


async def test_removing_a_student_revokes_the_teachers_access_at_once(
    client: httpx.AsyncClient,
) -> None:
    teacher = await create_user(client, "teacher")
    student = await create_user(client)
    class_id = await put_in_class(client, teacher, student)
    # Through the cached client path used by every policy:
    from mathpath.access import identity_client
    from tests.fixtures.identity import identity_ctx

    ctx = identity_ctx(client)
    ident = identity_client(ctx.runtime)
    assert await ident.relations(student.id, viewer_id=teacher.id, bearer=teacher.token) == {
        "teacher"
    }
    removed = await client.delete(
        f"/api/v1/classes/{class_id}/students/{student.id}", headers=teacher.headers
    )
    assert removed.status_code == 204
    assert await ident.relations(student.id, viewer_id=teacher.id, bearer=teacher.token) == set()


async def test_relationship_cache_is_dropped_on_membership_event(
    client: httpx.AsyncClient,
) -> None:
    from mathpath.contracts.identity_client import relation_key
    from mathpath.kit.events import Event
    from tests.fixtures.identity import gateway_of, identity_ctx
    from tests.fixtures.platform import drain_events

    cache = identity_ctx(client).runtime.cache
    await cache.set(relation_key("stu", "tea"), ["teacher"], 300)
    await gateway_of(client).runtime.bus.publish(
        Event(
            type="class.membership_changed",
            source="identity",
            payload={
                "class_id": "c",
                "teacher_id": "tea",
                "student_ids": ["stu"],
                "change": "removed",
            },
        )
    )
    await drain_events(gateway_of(client))
    assert await cache.get(relation_key("stu", "tea")) is None


async def test_parent_link_by_invitation(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client)
    stranger = await create_user(client)
    link_id = await link_parent(client, parent, child)
    assert await relations(client, parent.headers, child.id) == ["parent"]
    assert await relations(client, parent.headers, stranger.id) == []
    # The child may end the link; then the parent sees nothing.
    ended = await client.delete(f"/api/v1/links/{link_id}", headers=child.headers)
    assert ended.status_code == 204
    assert await relations(client, parent.headers, child.id) == []


async def test_an_invitation_works_once(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    invite = await client.post("/api/v1/links/invitations", headers=parent.headers)
    code = invite.json()["invite_code"]
    first = await create_user(client)
    second = await create_user(client)
    ok = await client.post(
        "/api/v1/links/accept", json={"invite_code": code}, headers=first.headers
    )
    assert ok.status_code == 200
    again = await client.post(
        "/api/v1/links/accept", json={"invite_code": code}, headers=second.headers
    )
    assert again.status_code == 422


async def test_a_stranger_cannot_end_someone_elses_link(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    child = await create_user(client)
    stranger = await create_user(client, "parent")
    link_id = await link_parent(client, parent, child)
    response = await client.delete(f"/api/v1/links/{link_id}", headers=stranger.headers)
    assert response.status_code == 404


async def test_class_events_are_published(client: httpx.AsyncClient) -> None:
    from mathpath.kit.events import Event
    from tests.fixtures.identity import gateway_of
    from tests.fixtures.platform import drain_events

    seen: list[Event] = []

    async def collect(event: Event) -> None:
        seen.append(event)

    gateway = gateway_of(client)
    gateway.runtime.bus.subscribe("test.collector", ["class.membership_changed"], collect)
    teacher = await create_user(client, "teacher")
    student = await create_user(client)
    class_id = await put_in_class(client, teacher, student)
    await drain_events(gateway)
    # Delivery is at least once: count distinct events.
    distinct = {e.id: e for e in seen}.values()
    changes = [
        (e.payload["class_id"], e.payload["student_ids"], e.payload["change"]) for e in distinct
    ]
    assert changes == [(class_id, [student.id], "joined")]


async def test_relations_of_many_students_in_one_call(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher")
    parent = await create_user(client, "parent")
    mine, theirs = await create_user(client), await create_user(client)
    await put_in_class(client, teacher, mine)
    await link_parent(client, parent, theirs)
    params = [("student_id", mine.id), ("student_id", theirs.id), ("student_id", mine.id)]
    url = "/api/v1/identity/relations/students"
    for viewer, expected in (
        (teacher, {mine.id: ["teacher"], theirs.id: []}),
        (parent, {mine.id: [], theirs.id: ["parent"]}),
        (mine, {mine.id: ["self"], theirs.id: []}),
    ):
        response = await client.get(url, params=params, headers=viewer.headers)
        assert response.status_code == 200, response.text
        assert {r["student_id"]: r["relations"] for r in response.json()} == expected
        assert len(response.json()) == 2


async def test_rosters_answer_only_the_teachers_own_classes(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher", display_name="Mr Ng")
    other = await create_user(client, "teacher")
    ada = await create_user(client, display_name="Ada")
    bo = await create_user(client, display_name="Bo")
    mine = await put_in_class(client, teacher, bo, ada)
    theirs = await put_in_class(client, other, bo)
    response = await client.get(
        "/api/v1/classes/rosters",
        params=[("class_id", mine), ("class_id", theirs), ("class_id", "no-such-class")],
        headers=teacher.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    (got,) = body["classes"]
    assert got["id"] == mine and got["teacher_name"] == "Mr Ng" and got["join_code"]
    assert [s["display_name"] for s in got["students"]] == ["Ada", "Bo"]
    # Another teacher's class and a class that does not exist get the same answer.
    assert body["denied"] == [theirs, "no-such-class"]
    student = await client.get(
        "/api/v1/classes/rosters", params={"class_id": mine}, headers=ada.headers
    )
    assert student.status_code == 403


async def test_a_student_sees_the_teachers_name_not_the_join_code(
    client: httpx.AsyncClient,
) -> None:
    teacher = await create_user(client, "teacher", display_name="Ms Okafor")
    student = await create_user(client)
    class_id = await put_in_class(client, teacher, student)
    (listed,) = (await client.get("/api/v1/classes", headers=student.headers)).json()
    assert listed["id"] == class_id and listed["teacher_name"] == "Ms Okafor"
    assert listed["join_code"] is None
