"""The identity service.

Accounts, roles, sessions and tokens, classes, parent links, consent and privacy."""
