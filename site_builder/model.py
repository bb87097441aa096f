"""The values that flow through the pipeline. No I/O; imports no stage.

    SourceFile ─load─▶ Document ─render─▶ RenderedDocument ─assemble─▶ Site ─pages─▶ OutputFile

Every value is frozen. Relations are ids (slugs, passage ids), never object references, so
values pickle cheaply across processes and into the cache.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields
from pathlib import PurePosixPath
from typing import NamedTuple

from site_builder.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file as read from disk."""

    path: PurePosixPath
    """Relative to the project root (`content/lenin.md`), as shown in messages."""
    text: str
    """The whole file, decoded as UTF-8."""


@dataclass(frozen=True, slots=True)
class Author:
    """A person credited with a document."""

    name: str
    """The name in the translation's script (`Zhang Shuhua`)."""
    original_name: str | None = None
    """The name in the original script (`张树华`), when known."""


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """Where a document came from, as recorded by the importer."""

    file: str
    """The raw source file, relative to the project (`sources/001.txt`)."""
    sha256: str | None = None
    """Hash of the raw source's bytes at import time."""
    import_digest: str | None = None
    """Hash of the Markdown the importer wrote, to detect later hand edits."""


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A document's metadata (the YAML block at the top of `content/<slug>.md`)."""

    title: str
    """The translated title. Required."""
    original_title: str | None = None
    """The title in the original language."""
    authors: tuple[Author, ...] = ()
    """Authors in credit order."""
    lang: str = "en"
    """Language of the translation (BCP 47); defaults to the site language."""
    original_lang: str | None = None
    """Language of the originals (`zh-Hans`), when the document has any."""
    date: str | None = None
    """Original publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    published_in: str | None = None
    """The venue the original appeared in (journal, newspaper, book)."""
    published_in_original: str | None = None
    """The venue's name in the original script."""
    publisher: str | None = None
    """Who publishes this translation."""
    summary: str | None = None
    """A sentence or two about the document (the standfirst); plain text, like the title."""
    editor_note: str | None = None
    """The editor's note, Markdown; may hold note references (`[^1]`)."""
    tags: tuple[str, ...] = ()
    """Subject tags."""
    source: SourceRecord | None = None
    """Import provenance."""


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded, validated content file, not yet rendered."""

    source: SourceFile
    """The file it came from."""
    slug: str
    """URL name: `texts/<slug>/`. From the file name; unique in the site."""
    meta: FrontMatter
    """Validated front matter."""
    body: str
    """The Markdown after the front matter."""
    body_line: int
    """File line (1-based) of the body's first line, to turn body lines into file lines."""


@dataclass(frozen=True, slots=True)
class Passage:
    """One aligned row of a reading page: a translation block and, maybe, its original."""

    id: str
    """Anchor: `p12` for body passages (or an editor's explicit id like `p12a`); the heading
    anchor for heading rows."""
    number: int | None
    """Display number (¶ 12) of body passages; None for headings and explicit ids."""
    kind: str
    """`paragraph`, `heading`, `list`, `quote`, `code`, `table` or `rule`."""
    html: str
    """The translation block's HTML (already escaped and safe)."""
    text: str
    """The translation block's plain text, for search, hashes and `passages.json`."""
    original_html: str | None
    """The original block's HTML, or None."""
    original_text: str | None
    """The original block's plain text, or None."""
    original_lang: str | None
    """The original block's language, or None."""
    line: int
    """File line of the translation block."""
    level: int | None = None
    """Heading level (2-6) for heading rows, else None."""

    @property
    def label(self) -> str:
        """What the margin shows: `12` for p12, `12a` for an explicit p12a."""
        if self.number is not None:
            return str(self.number)
        return self.id[1:] if self.id.startswith("p") else self.id


@dataclass(frozen=True, slots=True)
class Note:
    """An endnote (footnote) of a document."""

    label: str
    """The label written in the source (`7` for `[^7]`); shown as the marker."""
    anchor: str
    """Fragment-safe form of the label, used in `fn-<anchor>` / `fnref-<anchor>`."""
    html: str
    """The note's text as HTML."""
    line: int
    """File line of the note's definition."""
    in_editor_note: bool
    """True when first referenced from the editor's note: such notes are listed apart."""
    references: int
    """How many times the text refers to it (0: never referenced)."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, for the table of contents."""

    anchor: str
    """Its id on the page."""
    level: int
    """2-6."""
    text: str
    """Plain text."""


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    """A document turned into HTML fragments; pure function of (document, config, code)."""

    doc: Document
    """What was rendered."""
    passages: tuple[Passage, ...]
    """Rows in reading order, heading rows included."""
    notes: tuple[Note, ...]
    """Endnotes in order of first reference."""
    headings: tuple[Heading, ...]
    """Headings, for the table of contents."""
    editor_note_html: str | None
    """The editor's note rendered, with its note references."""
    summary_html: str | None
    """The summary, escaped for HTML (it is plain text)."""
    text_hash: str
    """sha256 of the passages' text, to detect changed texts."""
    words: int
    """Word count of the translation (CJK characters count one each)."""
    links: tuple[tuple[str, int | None], ...] = ()
    """Each link an editor wrote (editor's note, rows, then notes in their order), with the
    file line of its block: what link checking reads, taken from the parsed Markdown so that
    the HTML need not be parsed again."""

    @property
    def is_bilingual(self) -> bool:
        """Whether any passage has an original beside it."""
        return any(passage.original_html is not None for passage in self.passages)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the site-wide pages need to know about a document; small, kept for every document."""

    slug: str
    """URL name."""
    meta: FrontMatter
    """Front matter."""
    source_path: str
    """Content file, for messages."""
    passages: int
    """Number of body passages."""
    bilingual: bool
    """Whether the document shows originals."""
    words: int
    """Word count of the translation."""
    mentions: tuple[NameMention, ...] = ()
    """Which passages mention which entry of the names index (`content/_names.yaml`), in the
    order of the names file; empty when the site has no names file."""
    catalog: str = ""
    """Its entry of `catalog.json` as JSON text, made by the worker that rendered it (so that
    a build that renders one document does not encode 5,000 entries); empty: made when
    needed."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """An output file by its hash, as the cache and the output manifest know it."""

    path: str
    """Relative to the output folder (`texts/lenin/index.html`)."""
    sha256: str
    """Hash of its bytes."""
    size: int
    """Size in bytes."""


class OutputStat(NamedTuple):
    """A file of the last written output folder, as it was written.

    A named tuple, not a dataclass: the cache index holds one for every file of the site
    (20,000 at 5,000 documents), and tuples load from it five times faster."""

    sha256: str
    """Hash of its bytes."""
    size: int
    """Size in bytes."""
    mtime_ns: int
    """Modification time right after writing."""
    inode: int
    """Inode: with size and mtime, proof enough that nobody edited the file since."""


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One document's searchable text in one language, as the search index will see it: made
    at indexing time from the document's `passages.json` (`search.search_page`)."""

    language: str
    """Lower-case language tag (`zh-hans`): which search bundles it goes to."""
    url: str
    """The reading page's URL from the site root (`/texts/lenin/`)."""
    sha256: str
    """The blob of the document's `passages.json`, which the page is made from."""
    digest: str
    """A hash of the page itself: what decides whether its shard must be indexed again."""


@dataclass(frozen=True, slots=True)
class SearchBundle:
    """One Pagefind bundle of the site's search index (a shard of one language)."""

    path: str
    """Its folder, as a site path (`pagefind/` for the main one, `pagefind/shard/zh-hans/0/`)."""
    language: str
    """The language it holds, lower-case; the browser segments queries for it."""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What rendering one content file left behind: small, cached, and all the build keeps.

    The document's pages themselves are written straight to the output (and the cache) by
    whichever process rendered them; only this record travels back.
    """

    source_path: str
    """The content file, as shown in messages."""
    key: str
    """The cache key it was rendered under."""
    summary: DocumentSummary | None
    """What site-wide pages need; None when the file could not be loaded."""
    diagnostics: tuple[Diagnostic, ...]
    """What loading and rendering it reported, replayed on every build that uses it."""
    files: tuple[FileRecord, ...]
    """The files it produced (its reading page, ...)."""
    anchors: str = ""
    """Every fragment a link to it may name (passages, headings, notes), for link checks:
    sorted, one per line (one string pickles and loads 30× faster than a set of them)."""
    links: tuple[tuple[str, int | None], ...] = ()
    """Every link it holds with the line of its block, for link checks."""
    search: tuple[SearchPage, ...] = ()
    """Its searchable text, one page per language."""
    listing: str = ""
    """Hash of what lists of documents show of it (URL name, front matter, bilingual or not):
    the listing pages change only when some document's changes."""
    source_sha256: str = ""
    """Hash of the content file's bytes it was rendered from."""


@dataclass(frozen=True, slots=True)
class NameMention:
    """The passages of one document that mention one names-index entry."""

    key: str
    """In a `DocumentSummary`, the entry's key (`brezhnev`); in an `IndexedName`, the slug of
    the mentioning document."""
    passages: tuple[str, ...]
    """Passage ids in reading order (`p12`), each listed once."""
    labels: tuple[str, ...] = ()
    """What each passage's link shows: `¶ 12`, or `§` and the start of a heading's text."""


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way a names-index entry is written."""

    text: str
    """The form as written (`Brezhnev`, `勃列日涅夫`, `Брежнев`)."""
    lang: str
    """Its language (BCP 47), for the `lang` attribute."""


@dataclass(frozen=True, slots=True)
class NameEntry:
    """A person, organisation or term of the curated names index (`content/_names.yaml`)."""

    key: str
    """Stable ASCII key: the entry's fragment on the names page (`names/#brezhnev`)."""
    headword: str
    """What the index prints first and sorts by (`Brezhnev, Leonid`)."""
    kind: str
    """`person`, `organisation` or `term`."""
    forms: tuple[NameForm, ...]
    """The forms shown beside the headword, one or more per language, in the file's order."""
    aliases: tuple[str, ...] = ()
    """Further spellings that count as mentions but are not shown (`Leonid Ilyich Brezhnev`)."""
    line: int | None = None
    """Line of the entry in the names file, for messages."""

    @property
    def patterns(self) -> tuple[str, ...]:
        """Every text that counts as a mention: the forms, then the aliases."""
        return tuple(form.text for form in self.forms) + self.aliases


@dataclass(frozen=True, slots=True)
class IndexedName:
    """A names-index entry with every document and passage that mentions it."""

    entry: NameEntry
    """The curated entry."""
    documents: tuple[NameMention, ...]
    """One item per mentioning document, in index order; `key` is the document's slug."""

    @property
    def passage_count(self) -> int:
        """How many passages mention the entry, across the archive."""
        return sum(len(mention.passages) for mention in self.documents)


@dataclass(frozen=True, slots=True)
class Facet:
    """One value of a browsing dimension (an author, a tag, a year...) and its documents."""

    kind: str
    """`author`, `tag`, `year`, `venue` or `language`."""
    slug: str
    """Stable ASCII URL name (`zhang-shuhua`, `2021`), unique within its kind."""
    label: str
    """What pages show (`Zhang Shuhua`, `Chinese (Simplified)`)."""
    documents: tuple[str, ...]
    """Slugs of its documents, in index order."""
    original_label: str | None = None
    """The label in the original script, when known (an author's `张树华`)."""
    original_lang: str | None = None
    """The language of `original_label` (its `lang` attribute)."""


@dataclass(frozen=True, slots=True)
class Facets:
    """Every browsing dimension of the site, each sorted for display."""

    authors: tuple[Facet, ...] = ()
    """Authors by name as written, case-insensitively."""
    tags: tuple[Facet, ...] = ()
    """Tags alphabetically."""
    years: tuple[Facet, ...] = ()
    """Publication years, newest first."""
    venues: tuple[Facet, ...] = ()
    """Original venues (`published_in`), alphabetically."""
    languages: tuple[Facet, ...] = ()
    """The language each text was written in: its originals' or, without originals, its own."""


@dataclass(frozen=True, slots=True)
class Site:
    """The whole archive, assembled: every document's summary and the site's listings."""

    documents: tuple[DocumentSummary, ...]
    """All documents, in index order (newest first, then by title)."""
    facets: Facets = Facets()
    """Authors, tags, years, venues and languages, each with its documents (browse pages)."""
    names: tuple[IndexedName, ...] = ()
    """The names index: curated entries that some passage mentions, in headword order."""
    search_bundles: tuple[SearchBundle, ...] = ()
    """The search index's bundles besides the main one (`pagefind/`), which the search page
    merges in; set by the build from the documents' search pages."""


@dataclass(frozen=True, slots=True)
class SnapshotStamp:
    """What every page of a snapshot says about the snapshot it belongs to."""

    label: str
    """The archivist's label (`2026-spring`)."""
    date: str
    """The snapshot date, `YYYY-MM-DD`, from `SOURCE_DATE_EPOCH` or the newest content commit."""


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site."""

    path: PurePosixPath
    """Relative to the output folder (`texts/lenin/index.html`)."""
    data: bytes
    """Its exact bytes."""


def pickle_by_fields(cls: type) -> None:
    """Pickle instances of the frozen dataclass `cls` as its constructor and field values.

    The default for slotted dataclasses looks the fields up again for every object: loading
    the build cache's index of 5,000 documents took half as long again as it does this way.
    """
    names = tuple(item.name for item in fields(cls))
    values = (
        operator.attrgetter(*names) if len(names) > 1 else lambda self: (getattr(self, names[0]),)
    )

    def reduce(self: object) -> tuple[type, tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]


for _cls in (
    Author,
    FrontMatter,
    DocumentSummary,
    FileRecord,
    SearchPage,
    SearchBundle,
    DocumentRecord,
    NameMention,
    NameForm,
    NameEntry,
    Facet,
    Facets,
):
    pickle_by_fields(_cls)
