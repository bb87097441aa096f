"""Headings: numbered lines and short title lines, with levels from the numbering scheme.

A numbered heading (`1. ...`, `(1) ...`, `(一) ...`, `第一章`, `Problem No. 1: ...`,
`Article 3:`) must be one short line; a title line without numbering must also lack final
punctuation and a final note marker, and a question heading must stand alone between paragraphs.
Sentences never become headings, not even short ones ending in a note marker (`hours.” [2]`,
`invincible.”1`): they are paragraphs, so that `mark_notes` links their notes. Levels follow the
nesting of the schemes as they appear: a scheme first seen inside a section of another scheme is
one level deeper; unnumbered title lines are top-level sections.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .blocks import is_field_line, is_sentence_end
from .model import Block, BlockKind, Draft
from .notes import without_final_markers
from .scripts import original_language

_HAN_NUMBER = "一二三四五六七八九十百千零〇"
_SCHEMES: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    # (name, pattern on the whole line, whether the heading may end like a sentence)
    ("chapter-han", re.compile(rf"第[{_HAN_NUMBER}\d]+[章节篇部编卷](?:\s*\S.*)?"), True),
    ("han-enum", re.compile(rf"[{_HAN_NUMBER}]+、\s*\S.*"), False),
    ("paren-han", re.compile(rf"[（(][{_HAN_NUMBER}]+[）)]\s*\S.*"), False),
    ("labelled-no", re.compile(r"[A-Z][A-Za-z]+ No\.\s?\d{1,3}\s*:\s*\S.*"), True),
    (
        "labelled",
        re.compile(
            r"(?P<label>Article|Chapter|Part|Section|Lesson|Episode|Problem|Question|Step)"
            r"\s+(?:\d{1,3}|[IVXLC]+)(?:\s*[:.]\s*\S.*)?"
        ),
        True,
    ),
    ("decimal-multi", re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+[A-Z\u4e00-\u9fff].*"), False),
    ("decimal", re.compile(r"\d{1,2}\.\s+[A-Z\u4e00-\u9fff“\"‘].*"), False),
    ("paren-decimal", re.compile(r"[（(]\d{1,2}[）)]\s*[A-Z\u4e00-\u9fff“\"‘].*"), False),
    ("roman", re.compile(r"[IVXLC]{1,6}\.\s+[A-Z].*"), False),
)
_NUMBERED_MAX = 250
"""Longest numbered heading, in characters."""
_SENTENCE_HEADING_MAX_WORDS = 25
"""A numbered line that ends like a sentence (`Problem No. 1: Members lack rights.`) is a
heading up to this many words; a longer one is a numbered paragraph (a law's article)."""
_TITLE_MAX = 100
"""Longest unnumbered title line, in characters."""
_TITLE_MAX_WORDS = 14
"""Most words in an unnumbered title line."""
_QUESTION_MAX_WORDS = 20
"""Most words in a question heading."""
_SPEAKER = re.compile(r"\S{1,20}\s?:\s")
_QUESTION_WORD = re.compile(
    r"(?:What|Why|How|Who|Whom|Whose|When|Where|Which|To what|In what|Is|Are|Was|Were|Do|Does|"
    r"Did|Can|Could|Should|Would|Will|Has|Have|Had)\b"
)
_TOP_LEVEL = 2
"""Level of top sections: the title is the page's only level-1 heading."""
_DEEPEST = 6


def numbering_scheme(text: str) -> tuple[str, bool] | None:
    """(scheme name, may end like a sentence) when `text` starts with a heading number."""
    for name, pattern, sentence_allowed in _SCHEMES:
        match = pattern.fullmatch(text)
        if match:
            if name == "labelled":
                return f"labelled-{match['label'].lower()}", sentence_allowed
            return name, sentence_allowed
    return None


def find_headings(draft: Draft) -> Draft:
    """Mark heading blocks and give them levels."""
    blocks = list(draft.blocks)
    schemes: list[str | None] = [_heading_scheme(blocks, index) for index in range(len(blocks))]
    _demote_numbered_sentences(blocks, schemes)
    _demote_lists(blocks, schemes)
    _demote_sign_off(blocks, schemes)
    stack: list[str] = []
    result: list[Block] = []
    for block, scheme in zip(blocks, schemes, strict=True):
        if scheme is None:
            result.append(block)
            continue
        level = _TOP_LEVEL
        if block.lang is None:
            if scheme == "plain":
                stack = ["plain"]
            elif scheme in stack:
                del stack[stack.index(scheme) + 1 :]
            else:
                stack.append(scheme)
            level = min(_TOP_LEVEL + stack.index(scheme), _DEEPEST)
        result.append(
            dataclasses.replace(block, kind=BlockKind.HEADING, level=level, scheme=scheme)
        )
    return dataclasses.replace(draft, blocks=tuple(result))


def detect_languages(draft: Draft) -> Draft:
    """Mark blocks written mostly in an original (non-Latin) script with their language."""
    blocks = tuple(
        dataclasses.replace(block, lang=original_language(block.text)) for block in draft.blocks
    )
    return dataclasses.replace(draft, blocks=blocks)


def _heading_scheme(blocks: Sequence[Block], index: int) -> str | None:
    block = blocks[index]
    text = block.text
    numbered = numbering_scheme(text)
    if numbered is not None:
        scheme, sentence_allowed = numbered
        too_long = len(text) > (_NUMBERED_MAX if block.lang is None else _NUMBERED_MAX // 3)
        sentence = is_sentence_end(without_final_markers(text))
        if too_long or (sentence and not sentence_allowed):
            return None
        if sentence and len(text.split()) > _SENTENCE_HEADING_MAX_WORDS:
            return None  # `Article 4: Personal information is all kinds of information, ...`
        return scheme
    if block.lang is not None:
        return None
    previous = _neighbour(blocks, index, -1)
    following = _neighbour(blocks, index, 1)
    if following is None:
        return None
    fields = previous is not None and is_field_line(previous.text)
    if is_field_line(text) and (fields or is_field_line(following.text)):
        return None  # one of a record's details (`Effective Date: 2021/11/01`)
    if _is_title_line(text):
        return "plain"
    introduced = previous is not None and previous.text.endswith(":")
    if _is_question_heading(text) and not introduced and not _is_question_heading(following.text):
        return "plain"
    return None


def _neighbour(blocks: Sequence[Block], index: int, step: int) -> Block | None:
    """The nearest block before or after `index` that is not in an original script."""
    index += step
    while 0 <= index < len(blocks):
        if blocks[index].lang is None:
            return blocks[index]
        index += step
    return None


def _starts_like_a_title(text: str) -> bool:
    return bool(text) and text[0].isupper() and not _SPEAKER.match(text)


def _is_title_line(text: str) -> bool:
    if not _starts_like_a_title(text) or len(text) > _TITLE_MAX:
        return False
    if without_final_markers(text) != text:
        return False
    if len(text.split()) > _TITLE_MAX_WORDS or is_sentence_end(text):
        return False
    return not re.search(r"[,\-–—“”\"‘’(]$", text)


def _is_question_heading(text: str) -> bool:
    if not _starts_like_a_title(text) or not text.endswith("?"):
        return False
    if len(text.split()) > _QUESTION_MAX_WORDS or re.search(r"[.!?;:…“”\"]", text[:-1]):
        return False
    return bool(_QUESTION_WORD.match(text))


def _demote_numbered_sentences(blocks: Sequence[Block], schemes: list[str | None]) -> None:
    """When some line of a numbering scheme is a long sentence (a law's `Article 4: Personal
    information is ...`), its lines that end like sentences are all paragraphs: numbered
    paragraphs, not some headings among them."""
    long_sentences = set()
    for block in blocks:
        numbered = numbering_scheme(block.text)
        sentence = is_sentence_end(without_final_markers(block.text))
        if numbered and sentence and len(block.text.split()) > _SENTENCE_HEADING_MAX_WORDS:
            long_sentences.add(numbered[0])
    for index, block in enumerate(blocks):
        if schemes[index] in long_sentences and is_sentence_end(block.text):
            schemes[index] = None


def _demote_sign_off(blocks: Sequence[Block], schemes: list[str | None]) -> None:
    """Short lines at the end of the text with no sentence after them are a sign-off (a
    signature, a place and date), not headings: a title line heads prose."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if block.lang is not None:
            continue
        if schemes[index] == "plain":
            schemes[index] = None
            continue
        prose = is_sentence_end(block.text) or len(block.text.split()) > _TITLE_MAX_WORDS
        if schemes[index] is not None or prose:
            return


def _demote_lists(blocks: Sequence[Block], schemes: list[str | None]) -> None:
    """Consecutive numbered lines of one scheme with nothing between them are a list."""
    found = list(schemes)
    previous: int | None = None
    for index, block in enumerate(blocks):
        if block.lang is not None:
            continue
        scheme = found[index]
        if scheme not in (None, "plain") and previous is not None and found[previous] == scheme:
            schemes[index] = None
            schemes[previous] = None
        previous = index
