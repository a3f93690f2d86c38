import httpx
import pytest

from mathpath.contracts.tutor_client import TutorApiError, TutorClient
from tests.fixtures.identity import create_user


async def test_the_typed_client_drives_a_session(client: httpx.AsyncClient) -> None:
    student = await create_user(client, "student")
    tutor = TutorClient(client)
    session = await tutor.start_session(bearer=student.token, problem="solve 2x + 1 = 9")
    reply = await tutor.send_message(session["id"], "x = 4", bearer=student.token)
    assert reply["verdict"] == "correct"
    transcript = await tutor.transcript(session["id"], bearer=student.token)
    assert [t["message"] for t in transcript["turns"]] == ["x = 4"]
    with pytest.raises(TutorApiError) as raised:
        await tutor.transcript("missing", bearer=student.token)
    assert raised.value.status == 404
