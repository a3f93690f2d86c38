"""Firestore clients for the services' document stores (google-cloud-firestore, asyncio).

With an emulator host (`127.0.0.1:8080`) the client talks to Google's Firestore emulator
over plain gRPC with no credentials; otherwise it uses the deployment's Google credentials
(Application Default Credentials) for `project`.
"""

from __future__ import annotations

from typing import Any


def firestore_client(project: str, *, emulator_host: str = "", database: str = "(default)") -> Any:
    """An `AsyncClient` (typed Any: the library ships no type information)."""
    if not project:
        raise ValueError("Firestore needs a Google Cloud project id")
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import firestore

    if not emulator_host:
        return firestore.AsyncClient(project=project, database=database)
    client = firestore.AsyncClient(
        project=project,
        database=database,
        credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
    )
    # The library takes the emulator's address only from FIRESTORE_EMULATOR_HOST when the
    # client is made; setting it on this client (its channel is opened on first use) keeps
    # the process environment, and so every other client, as it was.
    client._emulator_host = emulator_host
    return client
