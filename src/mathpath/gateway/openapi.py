"""One OpenAPI document for the whole platform, merged from every service's own."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any


def merge_openapi(
    title: str, version: str, description: str, documents: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    """Merge service documents; schema names that clash with different content get the
    service name as a prefix (and every ``$ref`` to them is rewritten)."""
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version, "description": description},
        "paths": {},
        "components": {"schemas": {}, "securitySchemes": {}},
        "tags": [],
    }
    schemas: dict[str, Any] = merged["components"]["schemas"]
    tag_names: set[str] = set()
    for service, doc in documents.items():
        doc = copy.deepcopy(doc)
        renames: dict[str, str] = {}
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            if name in schemas and schemas[name] != schema:
                renames[name] = f"{service.capitalize()}{name}"
        if renames:
            text = json.dumps(doc)
            for old, new in renames.items():
                text = text.replace(
                    f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"'
                )
            doc = json.loads(text)
            doc_schemas = doc.get("components", {}).get("schemas", {})
            for old, new in renames.items():
                doc_schemas[new] = doc_schemas.pop(old)
        schemas.update(doc.get("components", {}).get("schemas", {}))
        merged["components"]["securitySchemes"].update(
            doc.get("components", {}).get("securitySchemes", {})
        )
        for path, item in doc.get("paths", {}).items():
            for operation in item.values():
                if isinstance(operation, dict):
                    operation.setdefault("tags", [service])
                    for tag in operation["tags"]:
                        tag_names.add(tag)
            merged["paths"].setdefault(path, {}).update(item)
    merged["tags"] = [{"name": t} for t in sorted(tag_names)]
    return merged
