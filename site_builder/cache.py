"""The build cache in `.cache/`: what each document rendered to, keyed by everything it depends on.

- **Blobs** (`.cache/blobs/ab/abcd…`): output files by the sha256 of their bytes.
- **An index per build context** (`.cache/index-<context>.pickle`): for each document key
  (hash of the file's bytes, the config, the theme, the code version) the small
  `DocumentRecord` it produced, plus the stat of every content file (so an unchanged file need
  not even be read) and the manifest of the output folder last written (so unchanged pages can
  be hard-linked from it instead of copied).

Nothing in the cache is trusted blindly: the index carries a checksum of its payload, and a
blob is hashed again whenever it is copied out. A damaged index or blob is dropped and the
documents concerned are rendered again.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import logging
import os
import pickle
import zlib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from site_builder.diagnostics import Diagnostic
from site_builder.model import DocumentRecord, Facets, FileRecord, OutputStat, pickle_by_fields
from site_builder.output import files_as_written, write_atomically

logger = logging.getLogger(__name__)

FORMAT = 10
"""Bumped whenever the cache layout changes; older caches are then ignored."""
KEEP_CONTEXTS = 3
"""Indexes kept by a collection, the newest first: say the site, its offline copy and a
snapshot (each build context has its own index; those of older code or configurations go)."""


@dataclass(frozen=True, slots=True)
class SourceStat:
    """What a content file looked like when it was last hashed."""

    mtime_ns: int
    """Modification time."""
    size: int
    """Size in bytes."""
    sha256: str
    """Hash of its bytes at that time."""


pickle_by_fields(SourceStat)


@dataclass(slots=True)
class CacheIndex:
    """The index of one build context: documents by key, sources by path, the last output."""

    documents: dict[str, DocumentRecord] = field(default_factory=dict)
    """Document key → what rendering it produced."""
    sources: dict[str, SourceStat] = field(default_factory=dict)
    """Content file (as shown in messages) → its stat and hash."""
    output: dict[str, OutputStat] = field(default_factory=dict)
    """Output-relative path → the file as last written."""
    output_folder: str = ""
    """The output folder the `output` manifest describes."""
    site_digest: str = ""
    """Hash of everything the site-wide pages were made from (`build.site_digest`)."""
    site_files: list[FileRecord] = field(default_factory=list)
    """The site-wide pages and static files that build wrote, listing pages included."""
    listing_digest: str = ""
    """Hash of what the listing pages were made from (`build.listing_digest`)."""
    listing_files: list[FileRecord] = field(default_factory=list)
    """The listing pages (`pages.LISTING_PAGES`) among `site_files`."""
    facets: Facets | None = None
    """The site's facets, which depend only on what `listing_digest` covers."""
    search_bundles: dict[str, str] = field(default_factory=dict)
    """Search bundle path → digest, as in that output folder."""
    unswept: int = 0
    """Documents rendered since blobs were last collected (`needs_sweep`)."""

    def without_output(self) -> CacheIndex:
        """This index trusting nothing about the output folder: its documents and sources only
        (for a build that stages the whole site)."""
        return CacheIndex(self.documents, self.sources, unswept=self.unswept)

    def __copy__(self) -> CacheIndex:
        return CacheIndex(self.documents, *(getattr(self, name) for name in _INDEX_FIELDS))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Records are pickled one by one and their bytes kept for the next save: a rebuild
        # after one edit pickles one record, not the whole archive (a quarter of a second at
        # 5,000 documents).
        global _PICKLED
        known = _PICKLED
        pickled = {
            key: known.get(key) or pickle_record(record) for key, record in self.documents.items()
        }
        _PICKLED = pickled
        state = [getattr(self, name) for name in _INDEX_FIELDS]
        # The output manifest as plain tuples, which load much faster than named ones.
        state[_OUTPUT_FIELD] = (list(self.output), [tuple(stat) for stat in self.output.values()])
        return _unpickle_index, (list(pickled.values()), state)

    def needs_sweep(self) -> bool:
        """Whether enough documents were rendered again since the last collection for their
        old blobs to be worth looking for: a tenth of the archive, or 100 documents."""
        return self.unswept > max(100, len(self.documents) // 10)


@dataclass(frozen=True, slots=True)
class Finished:
    """What a build leaves for the next to tell, without loading the index, that nothing
    changed: the digest of its inputs, the output as written, and what to report again."""

    inputs: str
    """Hash of everything the build read (`build.inputs_digest`)."""
    output: tuple[tuple[str, int, int, int], ...]
    """Every output file as written: (path, size, mtime, inode)."""
    depends: tuple[tuple[str, int, int], ...]
    """Other files it relied on, the cache index and Pagefind: (path, size, mtime)."""
    documents: int
    """Documents in the site."""
    diagnostics: tuple[Diagnostic, ...]
    """Its warnings, shown again by a build that finds nothing to do."""
    search: tuple[int, int] | None
    """Search shards (indexed, in all), or None without search."""


@dataclass(frozen=True, slots=True)
class BuildCache:
    """The cache folder of a project."""

    root: Path
    """`.cache/` in the project."""

    def blob_path(self, sha256: str) -> Path:
        """Where the blob with this hash lives."""
        return Path(self._blob_file(sha256))

    def _blob_file(self, sha256: str) -> str:
        # A string, not a Path: a no-op build asks for thousands of them.
        return f"{self.root}/blobs/{sha256[:2]}/{sha256}"

    def has_blob(self, sha256: str) -> bool:
        """Whether the blob with this hash is present (not whether it is intact)."""
        return os.path.isfile(self._blob_file(sha256))

    def adopt_blob(self, path: Path, sha256: str) -> None:
        """Keep the just-written file `path`, whose hash is `sha256`, as a blob: a hard link
        to it rather than a second copy (if the output file is later changed in place, the
        blob no longer matches its hash and `read_blob` drops it)."""
        target = self.blob_path(sha256)
        if os.path.exists(target):
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except FileExistsError:  # another worker was first
            pass
        except OSError:  # another file system: a copy, written atomically
            write_atomically(target, path.read_bytes())

    def read_blob(self, record: FileRecord) -> bytes | None:
        """The blob's bytes if present and intact; a damaged blob is deleted."""
        path = self.blob_path(record.sha256)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != record.sha256:
            logger.warning("cache: damaged blob %s removed; rendering again", path.name)
            path.unlink(missing_ok=True)
            return None
        return data

    def index_path(self, context: str) -> Path:
        """The index file of a build context."""
        return self.root / f"index-{context[:24]}.pickle"

    def load_index(self, context: str) -> CacheIndex:
        """The index of `context`, or an empty one when absent, outdated or damaged.

        A process that saved the index and finds its file untouched since (`serve`, which
        rebuilds again and again) gets a copy of what it saved without reading the file."""
        path = self.index_path(context)
        pending = _PENDING.get(path)
        if pending is not None:
            return copy.copy(pending[2])
        try:
            stat = path.stat()
            remembered = _SAVED.get(path)
            if remembered is not None and remembered[0] == _identity(stat):
                return copy.copy(remembered[1])
            data = path.read_bytes()
        except OSError:
            return CacheIndex()
        checksum, payload = data[:64], data[64:]
        if _checksum(payload) != checksum:
            logger.warning("cache: damaged index %s ignored; rendering everything", path.name)
            return CacheIndex()
        try:
            stored = pickle.loads(payload)
        except Exception:  # a damaged pickle can raise nearly anything
            logger.warning("cache: unreadable index %s ignored", path.name)
            return CacheIndex()
        if not isinstance(stored, tuple) or stored[:2] != (FORMAT, context):
            return CacheIndex()
        index = stored[2]
        return index if isinstance(index, CacheIndex) else CacheIndex()

    def save_index(self, context: str, index: CacheIndex, later: bool = False) -> None:
        """Write the index of `context` atomically, with its checksum; or, `later`, keep it
        in this process until `save_pending` (which `serve` calls once rebuilds pause: a save
        takes a tenth of a second at 5,000 documents)."""
        path = self.index_path(context)
        if later:
            _PENDING[path] = (self, context, copy.copy(index))
            return
        _PENDING.pop(path, None)
        payload = pickle.dumps((FORMAT, context, index), protocol=pickle.HIGHEST_PROTOCOL)
        checksum = _checksum(payload)
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomically(path, checksum + payload)
        _SAVED.clear()
        _SAVED[path] = (_identity(path.stat()), copy.copy(index))

    def save_finished(self, context: str, finished: Finished) -> None:
        """Keep what the build of `context` finished with (see `finished`)."""
        payload = pickle.dumps((FORMAT, context, finished), protocol=pickle.HIGHEST_PROTOCOL)
        # The inputs digest first, so that a build with other inputs reads no further.
        header = finished.inputs.encode()
        write_atomically(
            self.root / f"finished-{context[:24]}.pickle",
            header + _checksum(header + payload) + payload,
        )

    def finished(self, context: str, inputs: str, output: Path) -> Finished | None:
        """The last build of `context`, if it read the same `inputs` (by their digest), the
        files it relied on (`Finished.depends`) are as they were, and every file it wrote to
        `output` is still there as written: then building again would change nothing."""
        try:
            with open(self.root / f"finished-{context[:24]}.pickle", "rb") as stream:
                if stream.read(64) != inputs.encode():
                    return None
                checksum, payload = stream.read(64), stream.read()
            if _checksum(inputs.encode() + payload) != checksum:
                return None
            stored = pickle.loads(payload)
        except Exception:  # absent, unreadable or damaged: build
            return None
        if not isinstance(stored, tuple) or stored[:2] != (FORMAT, context):
            return None
        finished = stored[2]
        if not isinstance(finished, Finished):
            return None
        try:
            for path, size, mtime_ns in finished.depends:
                stat = os.stat(path)
                if (stat.st_size, stat.st_mtime_ns) != (size, mtime_ns):
                    return None
        except OSError:
            return None
        return finished if files_as_written(output, finished.output) else None

    def contexts(self) -> int:
        """How many build contexts have an index."""
        return sum(1 for _ in self.root.glob("index-*.pickle"))

    def collect_garbage(self, keep: set[str], context: str | None = None) -> int:
        """Delete the indexes of all but the `KEEP_CONTEXTS` latest build contexts, then the
        blobs no remaining index refers to; return how many blobs were deleted. `keep` holds
        the blobs of `context`'s index, which is therefore not read again."""
        indexes = sorted(self.root.glob("index-*.pickle"), key=_modified, reverse=True)
        for path in indexes[KEEP_CONTEXTS:]:
            path.unlink(missing_ok=True)
            path.with_name(path.name.replace("index-", "finished-", 1)).unlink(missing_ok=True)
        current = self.index_path(context) if context is not None else None
        for path in indexes[:KEEP_CONTEXTS]:
            if path == current:
                continue
            index = self._load_any(path)
            if index is not None:
                for record in index.documents.values():
                    keep |= {file.sha256 for file in record.files}  # search pages' too
        removed = 0
        for path in (self.root / "blobs").glob("*/*"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def _load_any(self, path: Path) -> CacheIndex | None:
        try:
            data = path.read_bytes()
            if _checksum(data[64:]) != data[:64]:
                return None
            stored = pickle.loads(data[64:])
        except Exception:
            return None
        # An index of another cache format may hold records of another shape: its blobs go.
        if not isinstance(stored, tuple) or len(stored) != 3 or stored[0] != FORMAT:
            return None
        index = stored[2]
        return index if isinstance(index, CacheIndex) else None


_INDEX_FIELDS = tuple(item.name for item in fields(CacheIndex) if item.name != "documents")
_OUTPUT_FIELD = _INDEX_FIELDS.index("output")
_output_stat = functools.partial(tuple.__new__, OutputStat)
"""An `OutputStat` from a plain tuple, without the Python-level constructor."""
_PICKLED: dict[str, bytes] = {}
"""Each document record of the index last saved or loaded, pickled, by its key."""


def pickle_record(record: DocumentRecord) -> bytes:
    """`record` as the index stores it (a worker sends it back this way)."""
    return pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)


def unpickle_record(data: bytes) -> DocumentRecord:
    """A record from `pickle_record`; its bytes are kept for the next save of the index, which
    then does not pickle it again."""
    record: DocumentRecord = pickle.loads(data)
    _PICKLED[record.key] = data
    return record


def _unpickle_index(records: list[bytes], state: list[Any]) -> CacheIndex:
    global _PICKLED
    documents: dict[str, DocumentRecord] = {}
    pickled: dict[str, bytes] = {}
    for data in records:
        record = pickle.loads(data)
        documents[record.key] = record
        pickled[record.key] = data
    _PICKLED = pickled
    paths, stats = state[_OUTPUT_FIELD]
    state[_OUTPUT_FIELD] = dict(zip(paths, map(_output_stat, stats), strict=True))
    return CacheIndex(documents, *state)


def save_pending() -> None:
    """Write the indexes kept by `save_index(..., later=True)`."""
    for cache, context, index in list(_PENDING.values()):
        cache.save_index(context, index)


_PENDING: dict[Path, tuple[BuildCache, str, CacheIndex]] = {}
"""Indexes to save later, by file (`save_index`)."""
_SAVED: dict[Path, tuple[tuple[int, int, int], CacheIndex]] = {}
"""The index this process saved last, by its file's identity right after saving."""


def _checksum(payload: bytes) -> bytes:
    """64 characters that a damaged file would not match: the payload's CRC-32 and length.
    Damage is what it guards against (a torn write, a flipped bit), not forgery: a CRC reads
    the 15 MB index of 5,000 documents in 5 ms, BLAKE2b in 25 and SHA-256 in 50."""
    return f"{zlib.crc32(payload):08x}{len(payload):056d}".encode()


def _identity(stat: os.stat_result) -> tuple[int, int, int]:
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
