"""Shared fixtures: each test gets its own databases (migrated once, copied per test)."""

pytest_plugins = ["tests.fixtures.platform", "tests.fixtures.servers"]
