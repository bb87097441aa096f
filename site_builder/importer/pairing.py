"""Originals: blocks in the original script attached to their translations.

The order (translation first or original first) is detected per document by how well each
original fits its neighbour on either side: a heading pairs with a heading, a paragraph with a
paragraph, and `(一)` with `(1)`. Output always puts the translation first, then the original
marked `{lang=...}`, as the content format requires. Some pages give a run of translations, then
a run of as many originals (two English paragraphs, then their two Chinese ones): the two runs
pair in order. An original with no translation next to it is kept as an ordinary block and
reported.
"""

from __future__ import annotations

import dataclasses
import re

from site_builder.diagnostics import Diagnostic, Level, Location

from .blocks import is_sentence_end
from .model import NOTE_CLOSE, NOTE_OPEN, Block, BlockKind, Draft

_HAN_DIGITS = {char: value for value, char in enumerate("一二三四五六七八九十", start=1)}
_LEADING_NUMBER = re.compile(r"[（(]?(?P<number>\d{1,2}|[一二三四五六七八九十])[）).、]")


def pair_originals(draft: Draft) -> Draft:
    """Attach each original to its translation, reorder pairs translation-first, report strays."""
    blocks = list(draft.blocks)
    originals = [index for index, block in enumerate(blocks) if block.lang is not None]
    if not originals:
        return draft
    after = sum(_fit(blocks, index, index - 1) for index in originals)
    before = sum(_fit(blocks, index, index + 1) for index in originals)
    original_first = before > after
    step = 1 if original_first else -1
    runs = _runs_of_pairs(blocks, originals, step)
    partner = {original: translation for run in runs for original, translation in run}
    taken = set(partner.values())
    problems: list[Diagnostic] = []
    for index in originals:
        if index in partner:
            continue
        other = index + step
        if _fit(blocks, index, other) and other not in taken:
            taken.add(other)
            partner[index] = other
        else:
            problems.append(
                Diagnostic(
                    Level.WARNING,
                    "original-unpaired",
                    f"this {blocks[index].lang} block has no translation next to it; it is kept "
                    "as an ordinary block: put its translation before it and mark it "
                    f"{{lang={blocks[index].lang}}}",
                    Location.of(draft.path, blocks[index].line),
                )
            )
    # Each translation, then its original (which leaves its own place).
    original_of = {translation: original for original, translation in partner.items()}
    run_starts = {run[0][1]: len(run) for run in runs}
    ordered: list[Block] = []
    interleaved: list[tuple[int, int]] = []
    for index, block in enumerate(blocks):
        if index in partner:
            continue
        if index in run_starts:
            interleaved.append((len(ordered), run_starts[index]))
        ordered.append(block)
        if index in original_of:
            original = blocks[original_of[index]]
            ordered.append(
                dataclasses.replace(original, paired=True, level=block.level, kind=block.kind)
            )
    return dataclasses.replace(
        draft,
        blocks=tuple(ordered),
        original_first=original_first,
        interleaved=tuple(interleaved),
        diagnostics=(*draft.diagnostics, *problems),
    )


def _runs_of_pairs(
    blocks: list[Block], originals: list[int], step: int
) -> list[list[tuple[int, int]]]:
    """Runs of two or more originals whose translations are the run of as many blocks on the
    side `step` looks, each fitting the original at its place: each run's (original,
    translation) pairs in order."""
    runs: list[list[int]] = []
    for index in originals:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    found: list[list[tuple[int, int]]] = []
    for run in runs:
        if len(run) < 2:
            continue
        start = run[0] - len(run) if step < 0 else run[-1] + 1
        pairs = [(original, start + position) for position, original in enumerate(run)]
        if all(_fit(blocks, original, translation) for original, translation in pairs):
            found.append(pairs)
    return found


def _fit(blocks: list[Block], original: int, translation: int) -> int:
    """How well `blocks[translation]` fits as the translation of `blocks[original]` (0: not)."""
    if not 0 <= translation < len(blocks):
        return 0
    this, other = blocks[original], blocks[translation]
    if other.lang is not None or (this.kind is not other.kind and not _heads(this, other)):
        return 0
    if not _plausible_lengths(this.text, other.text) or not _numbers_agree(this.text, other.text):
        return 0
    score = 1
    mine, theirs = _number(this.text), _number(other.text)
    if mine is not None and mine == theirs:
        score += 2
    return score


_HEADING_MAX = 60
"""Longest original (in characters) that can be the original of a heading."""


def _heads(original: Block, translation: Block) -> bool:
    """Whether `original`, a paragraph, can be the original of the heading `translation`: a
    short line that is not a sentence (headings in an original script are not recognised as
    headings when they have no number)."""
    return (
        translation.kind is BlockKind.HEADING
        and original.kind is BlockKind.PARAGRAPH
        and len(original.text) <= _HEADING_MAX
        and not is_sentence_end(original.text)
    )


_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""A character that is a unit of meaning of its own (Chinese, Japanese)."""
_WORD = re.compile(r"[^\W_]+")
_SHORT = 4
"""Texts of at most this many units (words or characters) pair whatever their ratio."""
_RATIO = (0.2, 2.5)
"""The words of a translation per unit of its original: a line of Chinese translated by a
whole paragraph (or a paragraph by one word) is not its translation."""


def _numbers_agree(original: str, translation: str) -> bool:
    """Whether a translation keeps the original's figures: an original that writes a number
    in digits (a date, a document number) is not translated by a text without any (note
    markers aside)."""
    has_digits = [bool(_DIGIT.search(_MARKER.sub("", text))) for text in (original, translation)]
    return has_digits[1] or not has_digits[0]


_DIGIT = re.compile(r"\d")
_MARKER = re.compile(f"{NOTE_OPEN}\\d+{NOTE_CLOSE}")


def _plausible_lengths(original: str, translation: str) -> bool:
    """Whether `translation` is of a length that can translate `original`."""
    units = len(_CHARACTER.findall(original)) + len(_WORD.findall(_CHARACTER.sub(" ", original)))
    words = len(_WORD.findall(translation))
    if max(units, words) <= _SHORT:
        return True
    return _RATIO[0] <= words / max(units, 1) <= _RATIO[1]


def _number(text: str) -> int | None:
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return None
    number = match["number"]
    return int(number) if number.isdigit() else _HAN_DIGITS[number]
