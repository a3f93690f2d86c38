"""Adapters of identity's ports: email, Firebase Authentication, OpenID Connect."""
