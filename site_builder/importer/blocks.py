"""Chunks and paragraphs: group lines between blank lines, then join hard-wrapped lines.

A chunk is a run of non-blank lines. Its lines are one paragraph when they are hard-wrapped
(a line breaks mid-sentence, or every line but the last has the length of a wrapped line);
otherwise each line is a block of its own (a heading above a paragraph, verse, a dialogue line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .model import Block, BlockKind, Chunk, SourceLine

_WRAP_MIN = 40
"""A line shorter than this is never a wrapped line: it is a title, a verse line or a label."""
WRAP_MAX = 100
"""Lines longer than this are whole paragraphs, not wrapped lines."""
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?…:;。！？：；][\"'”’)\]」』）]*$")


def make_chunks(lines: Sequence[SourceLine], chrome: Iterable[int]) -> tuple[Chunk, ...]:
    """Group non-blank, non-chrome lines into chunks, remembering the gap after each."""
    chrome_lines = set(chrome)
    chunks: list[Chunk] = []
    current: list[SourceLine] = []
    for line in lines:
        is_chrome = line.number in chrome_lines
        if not is_chrome and line.text.strip(" \t"):
            current.append(line)
            continue
        if current:
            chunks.append(Chunk(tuple(current), 0, False))
            current = []
        if chunks:
            last = chunks[-1]
            if is_chrome:
                chunks[-1] = Chunk(last.lines, last.blank_lines_after, True)
            else:
                chunks[-1] = Chunk(last.lines, last.blank_lines_after + 1, last.chrome_after)
    if current:
        chunks.append(Chunk(tuple(current), 0, False))
    return tuple(chunks)


def is_sentence_end(text: str) -> bool:
    """Whether `text` ends like a sentence (final punctuation, perhaps inside quotes)."""
    return bool(_SENTENCE_END.search(text))


def split_chunk(chunk: Chunk) -> tuple[Block, ...]:
    """The paragraphs of a chunk: wrapped lines joined with one space, other lines apart."""
    texts = [line.text.strip(" \t") for line in chunk.lines]
    wrapped = len(texts) >= 3 and all(_WRAP_MIN <= len(text) <= WRAP_MAX for text in texts[:-1])
    blocks: list[Block] = []
    start = 0
    for index in range(1, len(texts) + 1):
        if index < len(texts) and _joins(texts[index - 1], texts[index], wrapped):
            continue
        text = texts[start]
        for following in texts[start + 1 : index]:
            # a word broken at the end of a wrapped line (`peas-` / `ants`) keeps its hyphen
            broken = _BROKEN_WORD.search(text) and following[:1].islower()
            text += following if broken else " " + following
        blocks.append(Block(BlockKind.PARAGRAPH, text, chunk.lines[start].number))
        start = index
    return tuple(blocks)


def _joins(previous: str, following: str, wrapped: bool) -> bool:
    if len(previous) < _WRAP_MIN or (is_field_line(previous) and is_field_line(following)):
        return False
    return wrapped or not is_sentence_end(previous)


_FIELD = re.compile(r"[A-Z][\w’'/&.()-]*(?:\s+[\w’'/&.()-]+){0,3}\s*:\s+[A-Z0-9“\"(\u3400-\u9fff]")


def is_field_line(text: str) -> bool:
    """Whether `text` is a labelled value (`Source: Collected Works`, `Effective Date: 2021`),
    the kind of line a record's details come in, one per line: two of them in a row are never
    joined."""
    return bool(_FIELD.match(text))
