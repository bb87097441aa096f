"""Originals: blocks in the original script attached to their translations.

The order (translation first or original first) is detected per document by how well each
original fits its neighbour on either side: a heading pairs with a heading, a paragraph with a
paragraph, and `(一)` with `(1)`. Output always puts the translation first, then the original
marked `{lang=...}`, as the content format requires. An original with no translation next to it is
kept as an ordinary block and reported.
"""

from __future__ import annotations

import dataclasses
import re

from site_builder.diagnostics import Diagnostic, Level, Location

from .model import Block, Draft

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
    taken: set[int] = set()
    partner: dict[int, int] = {}
    problems: list[Diagnostic] = []
    for index in originals:
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
    ordered: list[Block] = []
    for index, block in enumerate(blocks):
        if index in partner:
            translation = blocks[partner[index]]
            original = dataclasses.replace(block, paired=True, level=translation.level)
            if original_first:
                ordered += [translation, original]
            else:
                ordered.append(original)
        elif index in taken and original_first:
            continue
        else:
            ordered.append(block)
    return dataclasses.replace(
        draft,
        blocks=tuple(ordered),
        original_first=original_first,
        diagnostics=(*draft.diagnostics, *problems),
    )


def _fit(blocks: list[Block], original: int, translation: int) -> int:
    """How well `blocks[translation]` fits as the translation of `blocks[original]` (0: not)."""
    if not 0 <= translation < len(blocks):
        return 0
    this, other = blocks[original], blocks[translation]
    if other.lang is not None or this.kind is not other.kind:
        return 0
    score = 1
    mine, theirs = _number(this.text), _number(other.text)
    if mine is not None and mine == theirs:
        score += 2
    return score


def _number(text: str) -> int | None:
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return None
    number = match["number"]
    return int(number) if number.isdigit() else _HAN_DIGITS[number]
