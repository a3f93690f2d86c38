"""The tutor service.

The AI tutor: sessions, retrieval and guidance checked by the maths engine."""
