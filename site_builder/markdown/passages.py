"""Cut a parsed body into aligned rows (passages), pair originals, number them, collect notes.

The rules of DESIGN §4: a top-level block marked `{lang=...}` with a language other than the
document's is the original of the block just before it; together they are one row. Body rows
(not headings) are numbered `p1`, `p2`, ...; an editor's explicit id (`{#p12a}`) is kept and
takes no number, so inserting a passage never shifts the links instructors published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType

from site_builder.diagnostics import Diagnostics, Location
from site_builder.markdown.links import link_targets
from site_builder.model import Heading, Passage

KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "heading",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "fence": "code",
    "code_block": "code",
    "hr": "rule",
    "table_open": "table",
}
EXPLICIT_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
RESERVED_ID = re.compile(r"^(fn-|fnref-|p\d+$)")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\u3040-\u30ff\uac00-\ud7af"
WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+(?:['’][^\W{_CJK}]+)*")
"""A word, as word counts count them: a CJK character, or letters and digits joined by
apostrophes (`don't` is one word, `well-known` two). `count_words` is this, made faster."""
_FIRST_CJK = "\u3040"
"""Every character of `_CJK` is at or above this one."""
_NON_CJK_WORD = re.compile(r"\w+(?:['’]\w+)*")
"""`WORD` for a text without CJK characters: the same matches, found faster."""
_ASCII_SPACES = bytes(
    byte if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) == "_") else 32
    for byte in range(256)
)
"""Turns every byte that cannot be part of an ASCII word into a space."""
_ASCII_JOIN = re.compile(rb"(?<=\w)'(?=\w)")
"""An apostrophe inside a word (`don't`): it joins two runs of letters into one word."""


@dataclass(frozen=True, slots=True)
class Block:
    """A top-level block of the body: its tokens and what its attributes say."""

    tokens: tuple[Token, ...]
    """The block's tokens, open to close."""
    kind: str
    """One of `KINDS`' values, or `note` for a footnote definition."""
    line: int
    """File line of the block's first line."""
    lang: str | None
    """Its `{lang=...}` attribute."""
    explicit_id: str | None
    """Its `{#id}` attribute."""
    label: str | None = None
    """For a note definition, the note's label."""


@dataclass(frozen=True, slots=True)
class NoteDefinition:
    """A `[^label]: text` definition, rendered."""

    label: str
    """As written."""
    html: str
    """Its text as HTML."""
    line: int
    """File line."""
    links: tuple[str, ...]
    """The `href` of each link in its text, in order (see `links.link_targets`)."""


@dataclass(frozen=True, slots=True)
class BodyParts:
    """A rendered body: rows, headings and note definitions."""

    passages: tuple[Passage, ...]
    """Rows in order."""
    headings: tuple[Heading, ...]
    """Headings, for the table of contents."""
    notes: tuple[NoteDefinition, ...]
    """Note definitions in source order."""
    links: tuple[tuple[str, int], ...]
    """Each link in the rows, translation then original, with the row's file line."""


def split_blocks(tokens: list[Token], body_line: int) -> list[Block]:
    """Group the top-level token stream into blocks; `body_line` maps lines to file lines."""
    blocks: list[Block] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        end = _block_end(tokens, position)
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "footnote_reference_open":
            blocks.append(
                Block(
                    tuple(tokens[position + 1 : end]),
                    "note",
                    line,
                    None,
                    None,
                    label=str(token.meta["label"]),
                )
            )
        else:
            blocks.append(
                Block(
                    tuple(tokens[position : end + 1]),
                    KINDS.get(token.type, "paragraph"),
                    line,
                    _attribute(token, "lang"),
                    _attribute(token, "id"),
                )
            )
        position = end + 1
    return blocks


def _block_end(tokens: list[Token], start: int) -> int:
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for position in range(start, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _attribute(token: Token, name: str) -> str | None:
    value = token.attrs.pop(name, None)
    return None if value is None else str(value)


def build_body(
    md: MarkdownIt,
    tokens: list[Token],
    env: EnvType,
    *,
    body_line: int,
    lang: str,
    path: str,
    diagnostics: Diagnostics,
) -> BodyParts:
    """Render the body's blocks into rows, headings and notes, reporting layout errors."""
    _report_dropped_attributes(tokens, body_line, path, diagnostics)
    blocks = split_blocks(tokens, body_line)
    notes = tuple(
        NoteDefinition(
            block.label or "",
            _render(md, block.tokens, env),
            block.line,
            tuple(link_targets(block.tokens)),
        )
        for block in blocks
        if block.kind == "note"
    )
    rows = _pair([block for block in blocks if block.kind != "note"], lang, path, diagnostics)
    return _number(md, rows, env, path, diagnostics, notes)


def _pair(
    blocks: list[Block], lang: str, path: str, diagnostics: Diagnostics
) -> list[tuple[Block, Block | None]]:
    rows: list[tuple[Block, Block | None]] = []
    previous_was_original = False
    for block in blocks:
        is_original = block.lang is not None and block.lang != lang
        if not is_original:
            rows.append((block, None))
            previous_was_original = False
            continue
        if not rows:
            diagnostics.error(
                "original-orphan",
                f"this original ({{lang={block.lang}}}) has no translation before it; put "
                "its translation directly above it, or remove the {lang=...} line",
                Location(path, block.line),
            )
        elif previous_was_original:
            diagnostics.error(
                "original-twice",
                f"two originals in a row: this {{lang={block.lang}}} block follows another "
                "original; each original goes directly after its own translation",
                Location(path, block.line),
            )
        else:
            rows[-1] = (rows[-1][0], block)
        previous_was_original = True
    return rows


def _number(
    md: MarkdownIt,
    rows: list[tuple[Block, Block | None]],
    env: EnvType,
    path: str,
    diagnostics: Diagnostics,
    notes: tuple[NoteDefinition, ...],
) -> BodyParts:
    passages: list[Passage] = []
    headings: list[Heading] = []
    links: list[tuple[str, int]] = []
    used: dict[str, int] = {}
    number = 0
    for translation, original in rows:
        explicit = translation.explicit_id
        if explicit is not None and not _valid_explicit(explicit, translation, path, diagnostics):
            explicit = None
        text = plain_text(translation.tokens)
        level: int | None = None
        if translation.kind == "heading":
            level = int(translation.tokens[0].tag[1])
            passage_id = explicit or _heading_anchor(text, used)
            passage_number = None
            headings.append(Heading(passage_id, level, text))
        elif explicit is not None:
            passage_id, passage_number = explicit, None
        else:
            number += 1
            passage_id, passage_number = f"p{number}", number
        if passage_id in used:
            diagnostics.error(
                "duplicate-id",
                f"the passage id '{passage_id}' is used twice (first at line "
                f"{used[passage_id]}); give this passage another id",
                Location(path, translation.line),
            )
            continue
        used[passage_id] = translation.line
        links.extend((href, translation.line) for href in link_targets(translation.tokens))
        if original:
            links.extend((href, translation.line) for href in link_targets(original.tokens))
        passages.append(
            Passage(
                id=passage_id,
                number=passage_number,
                kind=translation.kind,
                html=_render(md, translation.tokens, env),
                text=text,
                original_html=_render(md, original.tokens, env) if original else None,
                original_text=plain_text(original.tokens) if original else None,
                original_lang=original.lang if original else None,
                line=translation.line,
                level=level,
            )
        )
    return BodyParts(tuple(passages), tuple(headings), notes, tuple(links))


def _valid_explicit(explicit: str, block: Block, path: str, diagnostics: Diagnostics) -> bool:
    if EXPLICIT_ID.match(explicit) and not RESERVED_ID.match(explicit):
        return True
    diagnostics.error(
        "passage-id",
        f"'{{#{explicit}}}' is not a usable passage id; use a letter then letters, digits "
        "or hyphens that do not look like a numbered passage (e.g. '{#p12a}')",
        Location(path, block.line),
    )
    return False


def _heading_anchor(text: str, used: dict[str, int]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].rstrip("-")
    if not base or RESERVED_ID.match(base) or base[0].isdigit():
        base = f"s-{base}" if base else "section"
    anchor, counter = base, 2
    while anchor in used:
        anchor, counter = f"{base}-{counter}", counter + 1
    return anchor


def _render(md: MarkdownIt, tokens: tuple[Token, ...], env: EnvType) -> str:
    return str(md.renderer.render(list(tokens), md.options, env)).strip()


def plain_text(tokens: tuple[Token, ...] | list[Token]) -> str:
    """The text a reader sees in `tokens`, without note markers; blocks joined by newlines."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.append(_inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            parts.append(token.content.rstrip("\n"))
    return "\n".join(part for part in parts if part)


def _inline_text(children: list[Token]) -> str:
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(_inline_text(child.children or []))
    return "".join(out)


def count_words(text: str) -> int:
    """Words in `text`; each CJK character counts as one, as CJK word counts do.

    The number of `WORD` matches, without running `WORD` on most texts (it was a fifth of
    rendering a document): ASCII text is counted by splitting bytes at everything that is not
    a letter, digit or `_`, less the apostrophes that join two such runs into one word.
    """
    if text.isascii():
        data = text.encode("ascii")
        runs = len(data.translate(_ASCII_SPACES).split())
        return runs - len(_ASCII_JOIN.findall(data)) if b"'" in data else runs
    if max(text) < _FIRST_CJK:
        return len(_NON_CJK_WORD.findall(text))
    return len(WORD.findall(text))


def _report_dropped_attributes(
    tokens: list[Token], body_line: int, path: str, diagnostics: Diagnostics
) -> None:
    for token in tokens:
        dropped = token.meta.get("insecure_attrs") if token.meta else None
        if dropped:
            names = ", ".join(sorted(dropped))
            diagnostics.warning(
                "attribute",
                f"block attribute(s) {names} are not allowed and were dropped; only "
                "{lang=...} and {#id} are",
                Location(path, body_line + (token.map[0] if token.map else 0)),
            )
