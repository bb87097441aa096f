"""Input checks: only scraped plain text is imported; anything else gets one clear message."""

from __future__ import annotations

import re

from site_builder.diagnostics import Diagnostic, Level, Location

_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|\?xml)", re.I)
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?:[A-Za-z_][\w-]*:.*\n|[ \t#].*\n|\n)*?---[ \t]*\n")


def decode_source(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """The text of a source file, or a diagnostic saying why it cannot be imported."""

    def refuse(code: str, message: str, line: int | None = None) -> tuple[None, Diagnostic]:
        return None, Diagnostic(Level.ERROR, code, message, Location.of(path, line))

    if not data.strip():
        return refuse(
            "input-empty", "the file is empty; there is nothing to import: re-save the page's text"
        )
    if b"\x00" in data:
        return refuse(
            "input-binary",
            "the file is binary (it contains NUL bytes), not scraped text; "
            "import the page's text saved as UTF-8",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return refuse(
            "input-encoding",
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded); "
            "convert it to UTF-8 and import it again",
            line,
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_START.match(text):
        return refuse(
            "input-html",
            "the file is an HTML page, not scraped text; "
            "import the text of the page (its visible words), not its HTML source",
        )
    if _FRONT_MATTER.match(text):
        return refuse(
            "input-markdown",
            "the file is already Markdown with front matter; "
            "it belongs in content/ as it is: import only raw scraped text",
        )
    return text, None
