"""The tutor's fixtures (also listed in tests/conftest.py's pytest_plugins; importing them
here keeps tests/tutor runnable whatever the shared conftest holds)."""

from tests.fixtures.tutor import harness, pack_items, retriever

__all__ = ["harness", "pack_items", "retriever"]
