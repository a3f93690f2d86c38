"""The learning service.

Curriculum, practice attempts, mastery, review, pathways, assignments and feedback."""
