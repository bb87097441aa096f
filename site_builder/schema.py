"""Typed reading of YAML mappings that keeps line numbers, for `site.yaml` and front matter.

PyYAML's composed node tree knows where every key stands; the constructed Python values do
not. `parse_yaml` returns both: the plain data and a `LineIndex` from key paths to lines, so
that every later check can say `content/x.md:7: error: ...` instead of just "bad key".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from site_builder.diagnostics import Diagnostics, Location, did_you_mean

KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text: `2021-13-01` is then a value we can report
    with its line, not a crash inside PyYAML, and dates keep the precision the editor wrote."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml, several times faster (it keeps marks too). Its error messages
    are worded differently, so a text it rejects is parsed again by `_Loader` for the message."""


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(
        "tag:yaml.org,2002:timestamp",
        lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Where each value of a parsed YAML document stands."""

    path: str
    """The file, for messages."""
    lines: Mapping[KeyPath, int]
    """1-based file line of each key path (`("authors", 0, "name")`); `()` is the document."""

    def at(self, *key: str | int) -> Location:
        """The location of `key`, or of its nearest parent that has one."""
        path: KeyPath = tuple(key)
        while path and path not in self.lines:
            path = path[:-1]
        return Location(self.path, self.lines.get(path))


@dataclass(frozen=True, slots=True)
class ParsedYaml:
    """A YAML document as data plus the lines of its keys."""

    data: Any
    """What `yaml.safe_load` would return."""
    index: LineIndex
    """Where each key stands."""


def parse_yaml(text: str, path: str, first_line: int = 1) -> ParsedYaml:
    """Parse `text` (which starts at `first_line` of `path`); raise `yaml.YAMLError` if bad.

    Errors keep PyYAML's mark; `yaml_error_location` turns it into a `Location`.
    """
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.YAMLError:
        node = yaml.compose(text, Loader=_Loader)  # raises again, with PyYAML's wording
    lines: dict[KeyPath, int] = {}
    if node is None:
        return ParsedYaml(None, LineIndex(path, {(): first_line}))
    _index_node(node, (), lines, first_line - 1)
    loader = _FastLoader("")
    try:
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    return ParsedYaml(data, LineIndex(path, lines))


def _index_node(node: yaml.Node, key: KeyPath, lines: dict[KeyPath, int], offset: int) -> None:
    lines[key] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            _index_node(value_node, child, lines, offset)
            lines[child] = key_node.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _index_node(item, (*key, position), lines, offset)


def yaml_error_location(error: yaml.YAMLError, path: str, first_line: int = 1) -> Location:
    """The file line a PyYAML error points at."""
    # The context mark (where the unclosed bracket or key began) beats the problem mark,
    # which for unclosed constructs is the end of the text.
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    if mark is None:
        return Location(path, first_line)
    return Location(path, mark.line + first_line)


def yaml_error_text(error: yaml.YAMLError) -> str:
    """PyYAML's explanation without its own location lines."""
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    parts = [part for part in (context, problem) if part]
    return " ".join(parts) if parts else str(error).splitlines()[0]


def check_keys(
    mapping: Mapping[str, Any],
    known: Iterable[str],
    index: LineIndex,
    parent: KeyPath,
    diagnostics: Diagnostics,
    code: str,
    what: str,
) -> None:
    """Report each key of `mapping` that is not in `known`, with a did-you-mean."""
    known_keys = tuple(known)
    for key in mapping:
        if key not in known_keys:
            hint = did_you_mean(str(key), known_keys)
            if not hint:
                hint = "; known keys: " + ", ".join(known_keys)
            diagnostics.error(
                code, f"unknown {what} key '{key}'{hint}", index.at(*parent, str(key))
            )


def expect_text(
    value: Any, index: LineIndex, key: KeyPath, diagnostics: Diagnostics, code: str
) -> str | None:
    """`value` as a string (numbers are accepted as text); report anything else."""
    if value is None:
        return None
    if isinstance(value, (bool, list, dict)):
        diagnostics.error(
            code,
            f"'{_dotted(key)}' must be text, not {_yaml_kind(value)}; write it as a plain value",
            index.at(*key),
        )
        return None
    return str(value)


def expect_text_list(
    value: Any, index: LineIndex, key: KeyPath, diagnostics: Diagnostics, code: str
) -> tuple[str, ...]:
    """`value` as a tuple of strings; a single string counts as a list of one."""
    if value is None:
        return ()
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return (str(value),)
    if not isinstance(value, list):
        diagnostics.error(
            code,
            f"'{_dotted(key)}' must be a list of text, not {_yaml_kind(value)}",
            index.at(*key),
        )
        return ()
    items: list[str] = []
    for position, item in enumerate(value):
        text = expect_text(item, index, (*key, position), diagnostics, code)
        if text is not None:
            items.append(text)
    return tuple(items)


def _dotted(key: KeyPath) -> str:
    return ".".join(str(part) for part in key)


def _yaml_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
