"""`python -m mathpath`: the `mathpath` command (what `dev cluster` starts its processes with)."""

from mathpath.cli import main

main()
