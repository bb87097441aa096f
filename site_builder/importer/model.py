"""The importer's own values: source lines, chunks, blocks, metadata and the draft they build.

Each conversion step (`convert.STEPS`) takes a `Draft` and returns a new one, so the order of the
steps is data a test can read and every intermediate value is frozen.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from site_builder.diagnostics import Diagnostic

NOTE_OPEN = "\ue000"
"""Private-use sentinel opening a recognised note marker inside block text (`\\ue0007\\ue001`)."""
NOTE_CLOSE = "\ue001"
"""Private-use sentinel closing a recognised note marker; the emitter turns the pair into `[^n]`."""


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the source text."""

    number: int
    """1-based line number in the source file, for messages."""
    text: str
    """The line without its newline and without trailing spaces or tabs."""


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive non-blank source lines: a paragraph or several lines that belong together."""

    lines: tuple[SourceLine, ...]
    """The lines, in order; never empty."""
    blank_lines_after: int
    """How many blank lines follow the chunk (0 at the end of the file)."""
    chrome_after: bool
    """Whether a removed chrome line follows the chunk before the next one."""

    @property
    def line(self) -> int:
        """The line number of the chunk's first line."""
        return self.lines[0].number

    @property
    def text(self) -> str:
        """The chunk's lines joined with single spaces (for one-value metadata such as a dek)."""
        return " ".join(line.text.strip(" \t") for line in self.lines)


class BlockKind(enum.Enum):
    """What a body block becomes in Markdown."""

    PARAGRAPH = "paragraph"
    """A paragraph (numbered paragraphs and list items included: their numbers stay text)."""
    HEADING = "heading"
    """An `##`-style heading."""


@dataclass(frozen=True, slots=True)
class Block:
    """One body block of the document being imported."""

    kind: BlockKind
    """Paragraph or heading."""
    text: str
    """The block's source text on one line; recognised note markers are wrapped in sentinels."""
    line: int
    """Line number of the block in the source, for messages."""
    level: int = 0
    """Heading level (2 to 6) for headings, 0 for paragraphs."""
    scheme: str = ""
    """For headings: the numbering scheme it was recognised by (`decimal`, `paren-han`, `plain`)."""
    lang: str | None = None
    """The original language (`zh-Hans`) when the block is in an original script, else None."""
    paired: bool = False
    """For an original block: whether it was attached to a translation next to it."""


@dataclass(frozen=True, slots=True)
class Author:
    """An author named in the citation block."""

    name: str
    """The name in Latin script, as the citation gives it (`Zhang Shuhua`)."""
    original_name: str = ""
    """The name in its original script (`张树华`), or '' when the citation gives none."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What becomes front matter."""

    title: str = ""
    """The page title (its first line)."""
    title_line: int = 0
    """Source line of the title, 0 when the file has none."""
    original_title: str = ""
    """The title in the original script, from the citation block."""
    authors: tuple[Author, ...] = ()
    """Authors from the citation block; never guessed from prose."""
    date: str = ""
    """ISO date (`2021-11-03`, `2021-11` or `2021`) from the citation block."""
    published_in: str = ""
    """The venue the original was published in."""
    published_in_original: str = ""
    """The venue's name in its original script."""
    publisher: str = ""
    """Who published the translation (the site named by the citation)."""
    summary: str = ""
    """The dek or standfirst under the title."""
    summary_line: int = 0
    """Source line of the dek, 0 when there is none."""
    editor_note: str = ""
    """The editor's note without its label, note markers wrapped in sentinels."""
    editor_note_line: int = 0
    """Source line of the editor's note, 0 when there is none."""
    front_lines: tuple[int, ...] = ()
    """Every source line whose text went into the title, summary or editor's note: the
    fidelity check reads them first, whatever body text stands between them."""


@dataclass(frozen=True, slots=True)
class NoteText:
    """One entry of the source's endnote list."""

    label: str
    """The note's number as written (`7`)."""
    text: str
    """The note's text."""
    line: int
    """Its source line."""
    last_line: int
    """The source line it ends on (a note may continue on the lines below its number)."""
    written: str = ""
    """Its number as the list writes it (`[7]`, `7.`), for a note kept as a paragraph."""


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A source line dropped as site chrome."""

    line: int
    """Its line number."""
    text: str
    """Its text."""
    rule: str
    """The name of the chrome rule that matched it."""


@dataclass(frozen=True, slots=True)
class StructureText:
    """Source text that became structure rather than body text (a citation block, a label)."""

    line: int
    """Where it is."""
    text: str
    """The exact text taken out of the word sequence that the fidelity check compares."""
    reason: str
    """What it became (`citation`, `editor-note-label`, `notes-heading`)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """The state of one conversion between steps; each step returns a new draft."""

    path: str
    """The source path as messages show it."""
    lines: tuple[SourceLine, ...]
    """Every source line."""
    chunks: tuple[Chunk, ...] = ()
    """Chunks not yet turned into metadata or blocks."""
    blocks: tuple[Block, ...] = ()
    """Body blocks, once the chunks have been split."""
    meta: Metadata = field(default_factory=Metadata)
    """Front-matter values found so far."""
    notes: tuple[NoteText, ...] = ()
    """The endnote list."""
    removed: tuple[RemovedLine, ...] = ()
    """Chrome lines dropped."""
    structure: tuple[StructureText, ...] = ()
    """Text that became structure."""
    original_first: bool = False
    """Whether originals come before their translations in the source."""
    interleaved: tuple[tuple[int, int], ...] = ()
    """Runs of k translations and k originals that the source gives one run after the other
    and `blocks` interleave: (index in `blocks` of the first translation, k)."""
    diagnostics: tuple[Diagnostic, ...] = ()
    """Problems found so far."""
