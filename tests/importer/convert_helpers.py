"""Small helpers for importer unit tests: convert a text and look at parts of the result."""

import yaml

from site_builder.importer import Conversion, convert_source


def convert(text: str) -> Conversion:
    """Convert `text` as if it were `sources/test.txt`."""
    return convert_source("sources/test.txt", text)


def body(text: str) -> str:
    """The Markdown body that `text` converts to."""
    return convert(text).markdown.split("---\n", 2)[2].lstrip("\n")


def front(text: str) -> dict[str, object]:
    """The front matter that `text` converts to."""
    data = yaml.safe_load(convert(text).markdown.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


def codes(text: str) -> list[str]:
    """The diagnostic codes of converting `text`."""
    return [item.code for item in convert(text).diagnostics]


def page(*paragraphs: str, title: str = "A Title") -> str:
    """A source page: a title line, then paragraphs separated by blank lines."""
    return "\n\n".join((title, *paragraphs)) + "\n"
