"""The fidelity check: no word of the source is lost, changed or invented by the import.

The source's word sequence (minus chrome lines and the text that became structure, such as the
citation block and the "Editor's Note" label) is compared with the word sequence of the Markdown
as markdown-it reads it: front-matter text (title, summary, editor's note) in source order, then
the body, with originals put back on the side of their translation they came from, and note
definitions in the order they are written (markdown-it lists them in the order they are first
referred to, which is not the source's order when the text refers to note 2 before note 1).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import yaml
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .model import RemovedLine, SourceLine, StructureText
from .scripts import SUPERSCRIPT_DIGITS

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_HAN}]|[^\W_{_HAN}]+")
_CONTEXT = 4
"""Words of context shown before a difference."""
_DEFINITION_ORDER = "note_definition_order"
"""The env key under which the parser records the labels of note definitions, as written."""


@dataclass(frozen=True, slots=True)
class Fidelity:
    """The result of comparing a source's words with its Markdown's words."""

    words_in: int
    """Words in the source, chrome and structure excluded."""
    words_out: int
    """Words in the Markdown (front-matter text and body)."""
    words_kept: int
    """Source words found, in order, in the Markdown."""
    first_difference: str
    """'' when the sequences are equal, else where they first differ and how."""

    @property
    def exact(self) -> bool:
        """Whether every word came through unchanged and nothing was added."""
        return not self.first_difference

    def summary(self) -> str:
        """One line for `import --check`."""
        percent = 100.0 * self.words_kept / self.words_in if self.words_in else 100.0
        difference = self.first_difference or "no difference"
        return (
            f"words in {self.words_in}, words out {self.words_out}, "
            f"{percent:.1f}% kept; {difference}"
        )


def words(text: str) -> list[str]:
    """The words of `text`: runs of letters and digits; each Han character is a word.
    Superscript digits read as digits of their own (a note marker `Party¹` becomes
    `Party[^1]`)."""
    return _WORD.findall(_SUPERSCRIPT_RUN.sub(_as_digits, text))


_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def _as_digits(match: re.Match[str]) -> str:
    return " " + match.group().translate(SUPERSCRIPT_DIGITS)


def source_words(
    lines: Iterable[SourceLine],
    removed: Iterable[RemovedLine],
    structure: Iterable[StructureText],
) -> list[str]:
    """The source's words, without chrome lines and without text that became structure."""
    dropped = {line.line for line in removed}
    taken: dict[int, list[str]] = {}
    for item in structure:
        taken.setdefault(item.line, []).append(item.text)
    result: list[str] = []
    for line in lines:
        if line.number in dropped:
            continue
        text = line.text
        for piece in taken.get(line.number, ()):
            text = text.replace(piece, " ", 1)
        result += words(text)
    return result


def create_parser() -> MarkdownIt:
    """The project's Markdown dialect: CommonMark, raw HTML off, footnotes, block attributes."""
    parser = MarkdownIt("commonmark", {"html": False}).use(footnote_plugin).use(attrs_block_plugin)
    parser.core.ruler.before("footnote_tail", _DEFINITION_ORDER, _record_definition_order)
    return parser


def _record_definition_order(state: StateCore) -> None:
    """Record the note definitions' labels before `footnote_tail` reorders them by reference."""
    state.env[_DEFINITION_ORDER] = [
        token.meta["label"] for token in state.tokens if token.type == "footnote_reference_open"
    ]


def markdown_words(
    document: str,
    *,
    front_order: Sequence[str],
    original_first: bool,
    parser: MarkdownIt,
    interleaved: Sequence[tuple[int, int]] = (),
) -> list[str]:
    """The words of a generated file as a reader sees them, in the source's order.

    `interleaved`: runs of k pairs (first block, k) that the source gave as k translations,
    then k originals (or the originals first), which the body interleaves."""
    _, header, body = document.split("---\n", 2)
    data = yaml.safe_load(header)
    note = str(data.get("editor_note", ""))
    # the editor's note refers to the body's note definitions: read them together
    note_blocks = len(_blocks(parser.parse(note))) if note else 0
    env: dict[str, Any] = {}
    blocks = _blocks(parser.parse(f"{note}\n\n{body}" if note else body, env))
    blocks = _in_definition_order(blocks, env[_DEFINITION_ORDER])
    parts = {"editor_note": blocks[:note_blocks]}
    blocks = blocks[note_blocks:]
    in_runs = {start + offset for start, k in interleaved for offset in range(2 * k)}
    if original_first:
        for index in range(1, len(blocks)):
            if index in in_runs or index - 1 in in_runs:
                continue
            if blocks[index].original and not blocks[index - 1].original:
                blocks[index - 1], blocks[index] = blocks[index], blocks[index - 1]
    for start, k in interleaved:
        translations, originals = (
            blocks[start : start + 2 * k : 2],
            blocks[start + 1 : start + 2 * k : 2],
        )
        run = [*originals, *translations] if original_first else [*translations, *originals]
        blocks[start : start + 2 * k] = run
    result: list[str] = []
    for key in front_order:
        if key in parts:
            result += [word for block in parts[key] for word in block.words]
        else:
            result += words(str(data.get(key, "")))
    for block in blocks:
        result += block.words
    return result


class _Block(NamedTuple):
    """One top-level block of the Markdown as markdown-it reads it."""

    original: bool
    """Whether the block is an original (it carries a `{lang=...}` attribute)."""
    note: str | None
    """The label of the note the block is ('' for an inline note), else None."""
    words: list[str]
    """The block's words, a note's label first."""


def _blocks(tokens: Sequence[Token]) -> list[_Block]:
    """The top-level blocks, in markdown-it's order; footnotes are one block each."""
    blocks: list[_Block] = []
    depth = 0
    for token in tokens:
        if token.type == "footnote_open":
            label = token.meta["label"]
            note = "" if label is None else str(label)
            blocks.append(_Block(False, note, words(note)))
        elif token.nesting == 1 and depth == 0:
            blocks.append(_Block("lang" in token.attrs, None, []))
        if token.type == "inline" and blocks:
            blocks[-1].words.extend(_inline_words(token.children or []))
        if not token.type.startswith("footnote_block"):
            depth += token.nesting
    return blocks


def _in_definition_order(blocks: list[_Block], labels: Sequence[str]) -> list[_Block]:
    """The blocks with the note definitions (always last) in the order they are written."""
    position: dict[str, int] = {}
    for index, label in enumerate(labels):
        position.setdefault(label, index)
    first_note = next(
        (index for index, block in enumerate(blocks) if block.note is not None), len(blocks)
    )
    notes = sorted(
        blocks[first_note:],
        key=lambda block: position.get(block.note or "", len(position)),
    )
    return blocks[:first_note] + notes


def _inline_words(children: Sequence[Token]) -> list[str]:
    text: list[str] = []
    for child in children:
        if child.type == "footnote_ref":
            text.append(f" {child.meta['label']} ")
        elif child.type in ("softbreak", "hardbreak"):
            text.append(" ")
        else:
            text.append(child.content)
    return words("".join(text))


def compare(source: Sequence[str], markdown: Sequence[str]) -> Fidelity:
    """Compare two word sequences."""
    if list(source) == list(markdown):
        return Fidelity(len(source), len(markdown), len(source), "")
    index = next(
        (
            position
            for position, (left, right) in enumerate(zip(source, markdown, strict=False))
            if left != right
        ),
        min(len(source), len(markdown)),
    )
    matcher = difflib.SequenceMatcher(None, source, markdown, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    before = " ".join(source[max(0, index - _CONTEXT) : index])
    left = source[index] if index < len(source) else "(end)"
    right = markdown[index] if index < len(markdown) else "(end)"
    difference = (
        f"first difference at word {index + 1} after '{before}': "
        f"source has '{left}', Markdown has '{right}'"
    )
    return Fidelity(len(source), len(markdown), kept, difference)
