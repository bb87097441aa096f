"""Note references: links to the endnotes (DESIGN §7), and markers whose note text is missing.

A reference renders as `<sup><a role="doc-noteref" href="#fn-7" id="fnref-7">7</a></sup>`:
a plain link that works without scripts and in print; `static/js` turns it into a popover.
A marker like `[^7]` with no `[^7]: ...` anywhere stays visible as a plain marker, because
scraped sources often lost their endnote list and we never invent note text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def note_anchor(label: str) -> str:
    """The fragment-safe form of a note label: `fn-<anchor>`, `fnref-<anchor>`."""
    return _UNSAFE.sub("-", label).strip("-") or "note"


def reference_id(label: str, occurrence: int) -> str:
    """Id of the `occurrence`-th (0-based) reference to a note: `fnref-7`, `fnref-7-2`."""
    suffix = "" if occurrence == 0 else f"-{occurrence + 1}"
    return f"fnref-{note_anchor(label)}{suffix}"


def note_references(md: MarkdownIt) -> None:
    """Register the missing-marker rule and the renderers of note references."""
    md.inline.ruler.after("footnote_ref", "note_missing", _note_missing)
    md.add_render_rule("footnote_ref", _render_reference)
    md.add_render_rule("note_missing", _render_missing)


def _note_missing(state: StateInline, silent: bool) -> bool:
    """`[^label]` whose label has no definition: a `note_missing` token, not text."""
    source, start = state.src, state.pos
    if not source.startswith("[^", start):
        return False
    end = source.find("]", start + 2)
    if end < 0:
        return False
    label = source[start + 2 : end]
    if not label or any(character in label for character in " \n\t[^"):
        return False
    if source.startswith(":", end + 1) and start == 0:
        return False
    if not silent:
        token = state.push("note_missing", "", 0)
        token.meta = {"label": label}
        token.content = source[start : end + 1]
    state.pos = end + 1
    return True


def _render_reference(
    renderer: RendererProtocol,
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    label = str(tokens[index].meta["label"])
    occurrence = int(tokens[index].meta["subId"])
    anchor = escapeHtml(note_anchor(label))
    return (
        f'<sup class="noteref"><a role="doc-noteref" href="#fn-{anchor}" '
        f'id="{escapeHtml(reference_id(label, occurrence))}" '
        f'aria-label="Note {escapeHtml(label)}">{escapeHtml(label)}</a></sup>'
    )


def _render_missing(
    renderer: RendererProtocol,
    tokens: Sequence[Token],
    index: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    label = escapeHtml(str(tokens[index].meta["label"]))
    return (
        f'<sup class="noteref noteref-missing" title="The text of note {label} is not in '
        f'the source">{label}</sup>'
    )
