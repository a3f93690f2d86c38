"""Curriculum content packs: schema, loader, parametric templates, validation and statistics."""

from mathpath.learning.content.loader import ContentPack, Issue, load_pack
from mathpath.learning.content.stats import pack_stats, render_table
from mathpath.learning.content.templates import instantiate
from mathpath.learning.content.validate import Report, validate_pack

__all__ = [
    "ContentPack",
    "Issue",
    "Report",
    "instantiate",
    "load_pack",
    "pack_stats",
    "render_table",
    "validate_pack",
]
