"""MongoDB connections for the services' document stores (pymongo's asyncio client).

A service names its own database in its URL (`mongodb://host:27017/mathpath_learning`), as
each has its own SQL database; without one in the URL the service's default name is used.
"""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.uri_parser import parse_uri


def mongo_database(
    url: str, default_name: str, *, timeout_ms: int = 5000
) -> tuple[AsyncMongoClient[dict[str, Any]], AsyncDatabase[dict[str, Any]]]:
    """A client on `url` (times read back timezone-aware, in UTC) and its database."""
    if not url.startswith(("mongodb://", "mongodb+srv://")):
        raise ValueError("a MongoDB URL starts with mongodb:// or mongodb+srv://")
    name = parse_uri(url).get("database") or default_name
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        url, tz_aware=True, serverSelectionTimeoutMS=timeout_ms, appname="mathpath"
    )
    return client, client[name]
