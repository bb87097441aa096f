"""The one configured Markdown parser and the plugins that shape our documents.

Every extension of the syntax is registered here, in `PLUGINS`, in order; each plugin is a
function `(MarkdownIt) -> None` testable on its own.

- CommonMark, with raw HTML off: `<script>` in a source is text, never markup.
- Footnotes (`[^7]` and `[^7]: ...`), left where they are defined so we keep their lines.
- Block attributes (`{lang=zh-Hans}`, `{#p12a}`) limited to `lang` and `id`.
- `notes.py`: note references as DESIGN §7 links; markers without note text as plain markers.
- `links.py`: images from elsewhere become links (no request leaves the site at view time).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.markdown.links import external_images_as_links
from site_builder.markdown.notes import note_references

ALLOWED_BLOCK_ATTRIBUTES = ("lang", "id")
"""The only attributes an editor may put on a block: the language of an original, and an
explicit passage id. Anything else (`class`, `style`, `onclick`) is dropped and reported."""

PLUGINS: tuple[tuple[str, Callable[[MarkdownIt], None]], ...] = (
    ("footnotes", partial(footnote_plugin, inline=False, move_to_end=False)),
    ("block attributes", partial(attrs_block_plugin, allowed=ALLOWED_BLOCK_ATTRIBUTES)),
    ("note references", note_references),
    ("external images", external_images_as_links),
)


def create_markdown() -> MarkdownIt:
    """A new parser configured for site-builder content."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    # With `html` off these rules never match; disabling them skips a call per block and per
    # `<` (their output is the same either way).
    md.disable(["html_block", "html_inline"])
    for _name, plugin in PLUGINS:
        md.use(plugin)
    return md
