"""The names index: curated people, organisations and terms (`content/_names.yaml`), where the
archive's passages mention them, and which frequent names the file still lacks.

Matching rules, so that an editor can predict the index:

- A form or alias in Latin or Cyrillic script matches whole words only: `Lenin` matches
  `Lenin’s` but not `Leninism`. A form with a capital letter matches that case exactly
  (`Party` is not `party`); an all-lower-case form (`collective leadership`) matches any case.
- A form containing Chinese, Japanese or Korean characters matches as an exact substring,
  since those scripts do not separate words: `集体领导` matches inside `弱化集体领导`.
- Both the translation and the original of every passage are searched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from site_builder.config import LANGUAGE_TAG, SiteConfig
from site_builder.diagnostics import Diagnostics, Location
from site_builder.model import NameEntry, NameForm, NameMention, Passage, RenderedDocument
from site_builder.schema import (
    LineIndex,
    check_keys,
    expect_text,
    expect_text_list,
    parse_yaml,
    yaml_error_location,
    yaml_error_text,
)
from site_builder.site import ascii_slug

NAMES_FILE = "_names.yaml"
"""The names file, inside the content folder (the loader skips files starting with `_`)."""

KINDS = ("person", "organisation", "term")
"""What an entry can be; the names page groups nothing by kind but shows it."""

_CODE = "names"
_ENTRY_KEYS = ("key", "name", "kind", "forms", "aliases")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True, slots=True, eq=False)
class Names:
    """The curated names index, ready to find mentions in passages.

    Equal and hashed by its entries (the pattern and table derive from them), so that it can
    be part of a hashable build context that workers receive.
    """

    entries: tuple[NameEntry, ...]
    """Entries in the file's order."""
    pattern: re.Pattern[str] | None
    """One regular expression matching any form or alias (longest first); None if no entries."""
    owners: dict[str, str]
    """Which entry a matched text belongs to: exact text for case-sensitive forms, casefolded
    text (prefixed `~`) for lower-case forms."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Names) and self.entries == other.entries

    def __hash__(self) -> int:
        return hash(self.entries)

    def mentions_in(self, rendered: RenderedDocument) -> tuple[NameMention, ...]:
        """The passages of `rendered` that mention each entry, in the file's entry order."""
        if self.pattern is None:
            return ()
        found: dict[str, list[Passage]] = {}
        for passage in rendered.passages:
            for text in (passage.text, passage.original_text):
                if not text:
                    continue
                for match in self.pattern.finditer(text):
                    key = self.owner_of(match.group(0))
                    if key is None:
                        continue
                    passages = found.setdefault(key, [])
                    if not passages or passages[-1].id != passage.id:
                        passages.append(passage)
        return tuple(
            NameMention(
                entry.key,
                tuple(passage.id for passage in found[entry.key]),
                tuple(passage_link_label(passage) for passage in found[entry.key]),
            )
            for entry in self.entries
            if entry.key in found
        )

    def owner_of(self, matched: str) -> str | None:
        """The key of the entry a matched text belongs to (its spaces may differ: a form's
        space matches any run of white space, such as a line break)."""
        matched = " ".join(matched.split())
        return self.owners.get(matched) or self.owners.get("~" + matched.casefold())

    def covers(self, name: str) -> bool:
        """Whether `name` (a capitalised word sequence) is already a form or alias, or contains
        or is contained in one as whole words."""
        if self.owner_of(name) is not None:
            return True
        return self.pattern is not None and self.pattern.search(name) is not None


def no_names() -> Names:
    """An empty names index (a site without `content/_names.yaml`)."""
    return compile_names(())


def compile_names(entries: Sequence[NameEntry]) -> Names:
    """Build the matcher for `entries`."""
    owners: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    for entry in entries:
        for text in entry.patterns:
            text = " ".join(text.split())
            case_sensitive = text != text.lower()
            owner_key = text if case_sensitive else "~" + text.casefold()
            if owner_key in owners:
                continue
            owners[owner_key] = entry.key
            escaped = re.escape(text).replace(r"\ ", r"\s+")
            if not case_sensitive:
                escaped = f"(?i:{escaped})"
            if not _CJK.search(text):
                escaped = rf"(?<!\w){escaped}(?!\w)"
            alternatives.append((len(text), escaped))
    if not alternatives:
        return Names(tuple(entries), None, owners)
    alternatives.sort(key=lambda item: -item[0])
    pattern = re.compile("|".join(text for _length, text in alternatives))
    return Names(tuple(entries), pattern, owners)


def load_names(config: SiteConfig, diagnostics: Diagnostics) -> Names:
    """Read `content/_names.yaml`, reporting problems with their lines; no file, no names."""
    path = config.content_path / NAMES_FILE
    shown = f"{config.content_dir}/{NAMES_FILE}"
    if not path.is_file():
        return no_names()
    return compile_names(read_names(path, shown, diagnostics))


def read_names(path: Path, shown: str, diagnostics: Diagnostics) -> tuple[NameEntry, ...]:
    """The entries of a names file; problems are reported to `diagnostics` and skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        diagnostics.error(
            _CODE, f"not UTF-8 (byte {error.start}); save it as UTF-8", Location(shown)
        )
        return ()
    return parse_names(text, shown, diagnostics)


def parse_names(text: str, shown: str, diagnostics: Diagnostics) -> tuple[NameEntry, ...]:
    """Parse the YAML text of a names file (a list of entries)."""
    try:
        parsed = parse_yaml(text, shown)
    except yaml.YAMLError as error:
        diagnostics.error(
            _CODE,
            f"malformed YAML: {yaml_error_text(error)}; fix the syntax",
            yaml_error_location(error, shown),
        )
        return ()
    if parsed.data is None:
        return ()
    if not isinstance(parsed.data, list):
        diagnostics.error(
            _CODE,
            "the names file must be a list of entries, each starting with '- name:'",
            parsed.index.at(),
        )
        return ()
    entries: list[NameEntry] = []
    seen_keys: dict[str, int | None] = {}
    seen_patterns: dict[str, str] = {}
    for position, item in enumerate(parsed.data):
        entry = _entry(item, position, parsed.index, diagnostics)
        if entry is None:
            continue
        if entry.key in seen_keys:
            diagnostics.error(
                _CODE,
                f"key '{entry.key}' is already used by the entry on line {seen_keys[entry.key]}; "
                "give this entry its own 'key:'",
                parsed.index.at(position),
            )
            continue
        seen_keys[entry.key] = entry.line
        for pattern in entry.patterns:
            other = seen_patterns.setdefault(pattern, entry.key)
            if other != entry.key:
                diagnostics.warning(
                    _CODE,
                    f"'{pattern}' is listed for both '{other}' and '{entry.key}'; "
                    f"mentions count for '{other}' only. Remove one of them",
                    parsed.index.at(position),
                )
        entries.append(entry)
    return tuple(entries)


def _entry(
    item: Any, position: int, index: LineIndex, diagnostics: Diagnostics
) -> NameEntry | None:
    where = index.at(position)
    if not isinstance(item, dict):
        diagnostics.error(_CODE, "each entry must be a mapping with at least 'name:'", where)
        return None
    check_keys(item, _ENTRY_KEYS, index, (position,), diagnostics, _CODE, "names entry")
    headword = expect_text(item.get("name"), index, (position, "name"), diagnostics, _CODE)
    if not headword or not headword.strip():
        diagnostics.error(_CODE, "the entry has no 'name:' (its headword); add one", where)
        return None
    headword = headword.strip()
    kind = expect_text(item.get("kind"), index, (position, "kind"), diagnostics, _CODE) or "person"
    if kind not in KINDS:
        diagnostics.error(
            _CODE, f"kind '{kind}' is not one of {', '.join(KINDS)}", index.at(position, "kind")
        )
        return None
    key = expect_text(item.get("key"), index, (position, "key"), diagnostics, _CODE)
    if key is not None and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
        diagnostics.error(
            _CODE,
            f"key '{key}' must be lower-case ASCII letters, digits and hyphens",
            index.at(position, "key"),
        )
        return None
    forms = _forms(item.get("forms"), index, position, diagnostics)
    aliases = tuple(
        alias.strip()
        for alias in expect_text_list(
            item.get("aliases"), index, (position, "aliases"), diagnostics, _CODE
        )
        if alias.strip()
    )
    if not forms and not aliases:
        forms = (NameForm(headword.split(",")[0].strip(), "und"),)
    return NameEntry(
        key=key or ascii_slug(headword),
        headword=headword,
        kind=kind,
        forms=forms,
        aliases=aliases,
        line=where.line,
    )


def _forms(
    value: Any, index: LineIndex, position: int, diagnostics: Diagnostics
) -> tuple[NameForm, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        diagnostics.error(
            _CODE,
            "'forms' must map languages to forms, e.g. 'en: Brezhnev' and 'zh-Hans: 勃列日涅夫'",
            index.at(position, "forms"),
        )
        return ()
    forms: list[NameForm] = []
    for lang, texts in value.items():
        if not LANGUAGE_TAG.match(str(lang)):
            diagnostics.error(
                _CODE,
                f"'{lang}' is not a language tag; write e.g. en, zh-Hans or ru",
                index.at(position, "forms", str(lang)),
            )
            continue
        for text in expect_text_list(
            texts, index, (position, "forms", str(lang)), diagnostics, _CODE
        ):
            if text.strip():
                forms.append(NameForm(text.strip(), str(lang)))
    return tuple(forms)


# What the names file still lacks -------------------------------------------------------------

_CAPITALISED = re.compile(
    r"(?<![\w’'-])"
    r"[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*[\w]"
    r"(?:\s+(?:(?:of|the|de|von|van|der)\s+)?[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]*[\w])*"
)
_COMMON_WORDS_TEXT = (
    "A An The This That These Those It Its He She His Her We Our They Their You Your I In On "
    "At To Of For By With From As But And Or If When While After Before Since Although "
    "Because Mr Mrs Ms Dr No Yes Not All Some Many Most One Two Three January February March "
    "April May June July August September October November December Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday"
)
_COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())
"""Capitalised words that are not names even inside a sentence (after a colon, in a title)."""
_SENTENCE_OPENERS = frozenset('.!?:;“"‘([—–\n')
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


def unlisted_names(
    rendered_documents: Iterable[RenderedDocument], names: Names, minimum: int = 3
) -> list[tuple[str, int]]:
    """Capitalised names used at least `minimum` times that the names file does not cover.

    Only occurrences inside a sentence count (a capital after a full stop proves nothing);
    possessives are folded (`Brezhnev’s` counts as `Brezhnev`). Most frequent first, then
    alphabetically. This is what `site-builder check` reports as "names not in _names.yaml".
    """
    counts: Counter[str] = Counter()
    for rendered in rendered_documents:
        for passage in rendered.passages:
            if passage.kind == "heading":
                continue
            text = passage.text
            for match in _CAPITALISED.finditer(text):
                name = match.group(0)
                before = text[max(0, match.start() - 4) : match.start()].rstrip(" ")
                if not before or before[-1] in _SENTENCE_OPENERS:
                    # A capital after a full stop proves nothing; the words after it may.
                    rest = name.split(maxsplit=1)[1:]
                    if not rest or not rest[0][:1].isupper():
                        continue
                    name = rest[0]
                name = _POSSESSIVE.sub("", name)
                if name in _COMMON_WORDS:
                    continue
                counts[" ".join(name.split())] += 1
    found = [
        (name, count)
        for name, count in counts.items()
        if count >= minimum and not names.covers(name)
    ]
    return sorted(found, key=lambda item: (-item[1], item[0]))


LABEL_WORDS = 6
"""A heading's link shows at most this many of its words."""


def passage_link_label(passage: Passage) -> str:
    """What a link to `passage` shows: `¶ 12` (a narrow no-break space inside) for a body
    passage, `§` and the first words of a heading's text for a heading."""
    if passage.kind != "heading":
        return f"¶\u202f{passage.label}"
    words = passage.text.split()
    shown = " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")
    return f"§\u202f{shown}"
