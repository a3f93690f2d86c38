"""HTTP routers of the identity service (HTTP only; use cases live in the modules above)."""
