"""Front matter: split it from the body and validate it into a `FrontMatter`, keeping lines."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.config import LANGUAGE_TAG
from site_builder.diagnostics import Diagnostics, Location
from site_builder.model import Author, FrontMatter, SourceRecord
from site_builder.schema import (
    LineIndex,
    check_keys,
    expect_text,
    expect_text_list,
    parse_yaml,
    yaml_error_location,
    yaml_error_text,
)

FRONT_MATTER_KEYS = (
    "title",
    "original_title",
    "authors",
    "lang",
    "original_lang",
    "date",
    "published_in",
    "published_in_original",
    "publisher",
    "summary",
    "editor_note",
    "tags",
    "source",
)
AUTHOR_KEYS = ("name", "original_name")
SOURCE_KEYS = ("file", "sha256", "import_digest")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_CODE = "front-matter"


@dataclass(frozen=True, slots=True)
class SplitFile:
    """A content file cut into its front matter and body."""

    yaml_text: str
    """The YAML between the `---` lines."""
    yaml_line: int
    """File line of the YAML's first line."""
    body: str
    """Everything after the closing `---`."""
    body_line: int
    """File line of the body's first line."""


def split_front_matter(text: str, path: str, diagnostics: Diagnostics) -> SplitFile | None:
    """Cut `text` at its `---` fences; report and return None when there are none."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        diagnostics.error(
            _CODE,
            "no front matter; start the file with a line '---', the YAML metadata "
            "(at least 'title:'), and another '---'",
            Location(path, 1),
        )
        return None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return SplitFile(
                yaml_text="\n".join(lines[1:number]),
                yaml_line=2,
                body="\n".join(lines[number + 1 :]),
                body_line=number + 2,
            )
    diagnostics.error(
        _CODE,
        "front matter is never closed; add a line '---' after the metadata",
        Location(path, 1),
    )
    return None


def parse_front_matter(
    split: SplitFile, path: str, default_lang: str, diagnostics: Diagnostics
) -> FrontMatter | None:
    """Validate the YAML of `split`; report every problem and return None on error."""
    try:
        parsed = parse_yaml(split.yaml_text, path, split.yaml_line)
    except yaml.YAMLError as error:
        diagnostics.error(
            _CODE,
            f"malformed YAML in front matter: {yaml_error_text(error)}; fix the syntax",
            yaml_error_location(error, path, split.yaml_line),
        )
        return None
    data, index = parsed.data, parsed.index
    if not isinstance(data, dict):
        diagnostics.error(
            _CODE,
            "front matter must be a mapping of keys to values (e.g. 'title: ...')",
            Location(path, split.yaml_line),
        )
        return None
    errors_before = diagnostics.error_count
    check_keys(data, FRONT_MATTER_KEYS, index, (), diagnostics, _CODE, "front-matter")

    def text(key: str) -> str | None:
        value = expect_text(data.get(key), index, (key,), diagnostics, _CODE)
        return value.strip() or None if value is not None else None

    title = text("title")
    if title is None:
        diagnostics.error(
            "title-missing",
            "the document has no title; add 'title: ...' to the front matter",
            index.at("title") if "title" in data else Location(path, split.yaml_line),
        )
    lang = _language(text("lang"), "lang", index, diagnostics) or default_lang
    original_lang = _language(text("original_lang"), "original_lang", index, diagnostics)
    meta = FrontMatter(
        title=title or "",
        original_title=text("original_title"),
        authors=_authors(data.get("authors"), index, diagnostics),
        lang=lang,
        original_lang=original_lang,
        date=_date(data.get("date"), index, diagnostics),
        published_in=text("published_in"),
        published_in_original=text("published_in_original"),
        publisher=text("publisher"),
        summary=text("summary"),
        editor_note=text("editor_note"),
        tags=tuple(
            tag.strip()
            for tag in expect_text_list(data.get("tags"), index, ("tags",), diagnostics, _CODE)
            if tag.strip()
        ),
        source=_source(data.get("source"), index, diagnostics),
    )
    return meta if diagnostics.error_count == errors_before else None


def _language(
    value: str | None, key: str, index: LineIndex, diagnostics: Diagnostics
) -> str | None:
    if value is None:
        return None
    if not LANGUAGE_TAG.match(value):
        diagnostics.error(
            "language-tag",
            f"'{key}: {value}' is not a BCP 47 language tag; write e.g. 'en', 'zh-Hans' "
            "or 'zh-Hant'",
            index.at(key),
        )
        return None
    return value


def _date(value: Any, index: LineIndex, diagnostics: Diagnostics) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if isinstance(value, (str, int)) and DATE.match(text):
        try:
            parts = [int(part) for part in text.split("-")]
            if len(parts) == 3:
                datetime.date(*parts)
            return text
        except ValueError:
            pass
    diagnostics.error(
        "date",
        f"'date: {text}' is not a date; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2021-11-03)",
        index.at("date"),
    )
    return None


def _authors(value: Any, index: LineIndex, diagnostics: Diagnostics) -> tuple[Author, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    authors: list[Author] = []
    for position, item in enumerate(items):
        key = ("authors", position) if isinstance(value, list) else ("authors",)
        if isinstance(item, str):
            authors.append(Author(name=item.strip()))
            continue
        if not isinstance(item, dict):
            diagnostics.error(
                _CODE,
                "each author is a name or a mapping with 'name' and 'original_name'",
                index.at(*key),
            )
            continue
        check_keys(item, AUTHOR_KEYS, index, key, diagnostics, _CODE, "author")
        name = expect_text(item.get("name"), index, (*key, "name"), diagnostics, _CODE)
        original = expect_text(
            item.get("original_name"), index, (*key, "original_name"), diagnostics, _CODE
        )
        if not name or not name.strip():
            diagnostics.error(_CODE, "an author has no 'name'; add one", index.at(*key))
            continue
        authors.append(
            Author(name=name.strip(), original_name=original.strip() if original else None)
        )
    return tuple(authors)


def _source(value: Any, index: LineIndex, diagnostics: Diagnostics) -> SourceRecord | None:
    if value is None:
        return None
    if isinstance(value, str):
        return SourceRecord(file=value)
    if not isinstance(value, dict):
        diagnostics.error(
            _CODE, "'source' must be a mapping with 'file' (and 'sha256')", index.at("source")
        )
        return None
    check_keys(value, SOURCE_KEYS, index, ("source",), diagnostics, _CODE, "source")
    fields = {
        key: expect_text(value.get(key), index, ("source", key), diagnostics, _CODE)
        for key in SOURCE_KEYS
    }
    if not fields["file"]:
        diagnostics.error(_CODE, "'source' needs a 'file'", index.at("source"))
        return None
    return SourceRecord(
        file=fields["file"], sha256=fields["sha256"], import_digest=fields["import_digest"]
    )
