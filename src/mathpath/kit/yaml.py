"""Reading YAML safely and fast: libyaml's safe loader when present (about ten times faster
on the content pack than the pure-Python one), else PyYAML's own safe loader."""

from __future__ import annotations

import yaml

SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
