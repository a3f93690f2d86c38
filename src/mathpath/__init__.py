"""Mathpath: backend of a personalised maths learning platform."""

__version__ = "0.1.0"
