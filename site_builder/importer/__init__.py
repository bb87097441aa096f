"""The importer: raw scraped archive pages → `content/<slug>.md` in the content format.

`import_sources` is what `site-builder import` calls; `convert_source` is the pure core that
tests use without files. See `convert.steps` for the ordered conversion steps.
"""

from __future__ import annotations

from .chrome import DEFAULT_CHROME_RULES, ChromeRule
from .convert import Conversion, convert_source, steps
from .fidelity import Fidelity
from .files import ImportOptions, ImportReport, import_sources

__all__ = [
    "DEFAULT_CHROME_RULES",
    "ChromeRule",
    "Conversion",
    "Fidelity",
    "ImportOptions",
    "ImportReport",
    "convert_source",
    "import_sources",
    "steps",
]
