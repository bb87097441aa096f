"""Reproducible snapshots: the site built for offline reading, packed as a BagIt bag.

A snapshot is what an archivist keeps for decades: a folder `<out>/<label>/` that is a BagIt
bag (RFC 8493, written with the Library of Congress `bagit` library):

    <label>/
      bagit.txt                 BagIt version and encoding
      bag-info.txt              label, date, source organisation, content commit, tool version
      manifest-sha256.txt       sha256 of every file of the site (the payload)
      passages.tsv              every passage id of every document with a hash of its text
      tagmanifest-sha256.txt    sha256 of the four files above
      data/                     the site, built with `offline=True` (opens from file://)

The same sources and date give the same bytes: the date comes from `SOURCE_DATE_EPOCH`, else
the newest commit of the content folder, never the clock; every listing is sorted; file times
are set to the snapshot date. `verify_snapshot` names every changed, missing or extra file.
`moved_passages` compares today's passages with the latest snapshot's record, so that links an
instructor published (`texts/x/#p12`) keep pointing at the text they meant.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import bagit  # type: ignore[import-untyped]

from site_builder import __version__
from site_builder.build import BuildOptions, build
from site_builder.config import SiteConfig
from site_builder.diagnostics import (
    Diagnostic,
    Diagnostics,
    Level,
    Location,
    SiteBuilderError,
)
from site_builder.loader import load_documents
from site_builder.markdown import create_markdown
from site_builder.model import Passage, SnapshotStamp
from site_builder.render import render_document

logger = logging.getLogger(__name__)

PASSAGES_FILE = "passages.tsv"
"""The tag file recording every passage id and the hash of its text."""
PASSAGES_HEADER = "# document\tpassage\tsha256 of its text (first 16 hex digits)\n"
"""First line of `passages.tsv`; says what the columns are to a reader of the bare file."""
LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
"""A label is also the bag's folder name: portable on every file system and USB stick."""
CHECKSUM = "sha256"
"""The one manifest algorithm: RFC 8493 recommends sha256 or sha512."""
_CODE = "passage-moved"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    """What `make_snapshot` wrote."""

    path: Path
    """The bag folder (`snapshots/2026-spring/`)."""
    label: str
    """The snapshot's label."""
    date: str
    """The snapshot date, `YYYY-MM-DD`."""
    files: int
    """Number of files of the site inside the bag (the payload)."""
    bytes: int
    """Total size of the payload in bytes."""
    passages: int
    """Number of passage ids recorded in `passages.tsv`."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings of the build."""
    seconds: float
    """Wall time, for the summary line only (never written into the snapshot)."""


@dataclass(frozen=True, slots=True)
class PassageRecord:
    """One line of `passages.tsv`: a passage id and what its text was."""

    slug: str
    """The document's URL name."""
    passage_id: str
    """The passage's anchor (`p12`, `p12a`, a heading anchor)."""
    text_hash: str
    """The first 16 hex digits of the sha256 of the passage's text (see `passage_hash`)."""


def make_snapshot(config: SiteConfig, out_dir: Path, label: str | None) -> SnapshotResult:
    """Build the site for offline use and write it as the bag `out_dir/<label>/`.

    The label defaults to the snapshot date. An existing snapshot is never overwritten; the
    bag is assembled in a hidden folder beside it and renamed into place when complete.
    """
    started = time.perf_counter()
    epoch = snapshot_epoch(config)
    date = _iso_date(epoch)
    label = label if label is not None else date
    if not LABEL.match(label):
        raise SiteBuilderError(
            f"snapshot label '{label}' cannot be a folder name; use letters, digits, '.', '_' "
            "and '-' (e.g. --label 2026-spring)"
        )
    target = out_dir.absolute() / label
    if target.exists():
        raise SiteBuilderError(
            f"a snapshot labelled '{label}' already exists at {target}; snapshots are never "
            "overwritten: choose another --label, or move the old one away"
        )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for leftover in out_dir.absolute().glob(f".{label}.new-*"):
            shutil.rmtree(leftover, ignore_errors=True)  # left by a killed snapshot
        staging = Path(tempfile.mkdtemp(prefix=f".{label}.new-", dir=out_dir.absolute()))
    except OSError as error:
        raise SiteBuilderError(
            f"cannot create the snapshot folder in {out_dir} ({error.strerror}); choose "
            "another --out"
        ) from None
    try:
        bag = staging / label
        result = build(
            config,
            BuildOptions(output=bag, offline=True, snapshot=SnapshotStamp(label, date)),
        )
        records = passage_records(config)
        _make_bag(bag, _bag_info(config, label, date), records)
        files, size = _payload_size(bag / "data")
        _set_times(bag, epoch)
        bag.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SnapshotResult(
        path=target,
        label=label,
        date=date,
        files=files,
        bytes=size,
        passages=len(records),
        diagnostics=result.diagnostics,
        seconds=time.perf_counter() - started,
    )


def snapshot_epoch(config: SiteConfig) -> int:
    """The snapshot's time: `SOURCE_DATE_EPOCH`, else the newest commit touching content/."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is not None:
        if not value.strip().isdigit():
            raise SiteBuilderError(
                f"SOURCE_DATE_EPOCH='{value}' is not a number of seconds since 1970; set it "
                "to e.g. $(git log -1 --format=%ct) or unset it"
            )
        return int(value.strip())
    committed = _git(config.root, "log", "-1", "--format=%ct", "--", config.content_dir)
    if committed and committed.isdigit():
        return int(committed)
    raise SiteBuilderError(
        f"cannot date the snapshot: {config.content_dir}/ has no git history; commit the "
        "content, or set SOURCE_DATE_EPOCH (e.g. SOURCE_DATE_EPOCH=$(date +%s))"
    )


def content_commit(config: SiteConfig) -> str | None:
    """The project's `HEAD` commit, marked when the content folder has uncommitted changes;
    None when the project is not a git checkout."""
    head = _git(config.root, "rev-parse", "HEAD")
    if not head:
        return None
    changed = _git(config.root, "status", "--porcelain", "--", config.content_dir)
    return f"{head} (with uncommitted changes in {config.content_dir}/)" if changed else head


def _git(root: Path, *args: str) -> str | None:
    """Output of `git -C root ARGS`, stripped, or None if git is missing or fails."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def _iso_date(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).date().isoformat()


def _bag_info(config: SiteConfig, label: str, date: str) -> dict[str, str]:
    """`bag-info.txt`: RFC 8493 reserved fields first in meaning, then ours (`Snapshot-*`)."""
    info = {
        "Bagging-Date": date,
        "Bag-Software-Agent": f"site-builder {__version__} (bagit.py {bagit.VERSION})",
        "External-Identifier": label,
        "External-Description": config.title,
        "Snapshot-Label": label,
        "Snapshot-Date": date,
        "Site-Builder-Version": __version__,
    }
    if config.publisher:
        info["Source-Organization"] = config.publisher
    if config.base_url:
        info["Permanent-URL"] = config.base_url
    commit = content_commit(config)
    if commit:
        info["Content-Commit"] = commit
    return info


def _make_bag(folder: Path, info: Mapping[str, str], records: Sequence[PassageRecord]) -> None:
    """Turn the built site in `folder` into a bag, with `passages.tsv` as a tag file."""
    with _quiet_bagit():
        bagit.make_bag(str(folder), bag_info=dict(info), checksums=[CHECKSUM], processes=1)
    (folder / PASSAGES_FILE).write_text(_passages_tsv(records), encoding="utf-8")
    _write_tagmanifest(folder)


def _write_tagmanifest(folder: Path) -> None:
    """Rewrite the tag manifest in sorted order (bagit lists tag files in directory order,
    which differs between file systems) and so that it covers `passages.tsv`."""
    lines = []
    for path in sorted(folder.iterdir(), key=lambda item: item.name):
        if path.is_file() and not path.name.startswith("tagmanifest-"):
            digest = hashlib.new(CHECKSUM, path.read_bytes()).hexdigest()
            lines.append(f"{digest} {path.name}\n")
    (folder / f"tagmanifest-{CHECKSUM}.txt").write_text("".join(lines), encoding="utf-8")


def _payload_size(data: Path) -> tuple[int, int]:
    files = [path for path in data.rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def _set_times(folder: Path, epoch: int) -> None:
    """Give every file and folder the snapshot's time and ordinary permissions, so that a copy
    or an archive of the bag (tar, zip) does not carry the moment and umask of its making."""
    for path in sorted(folder.rglob("*"), reverse=True):
        path.chmod(0o755 if path.is_dir() else 0o644)
        os.utime(path, (epoch, epoch))
    folder.chmod(0o755)
    os.utime(folder, (epoch, epoch))


@contextlib.contextmanager
def _quiet_bagit() -> Iterator[None]:
    """Silence bagit's own log while it works: every problem it finds is returned to the
    caller and printed once, in our format."""
    bagit_logger = logging.getLogger("bagit")
    level = bagit_logger.level
    if not logger.isEnabledFor(logging.DEBUG):
        bagit_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        bagit_logger.setLevel(level)


# --- passages ------------------------------------------------------------------------------


def passage_hash(passage: Passage) -> str:
    """What a link to this passage shows, hashed: sha256 of its translation and original text,
    with runs of whitespace collapsed so that rewrapping lines does not count as a change.
    16 hex digits (64 bits) tell changes apart and keep the record of a 100,000-document
    archive small."""
    text = passage.text + "\n" + (passage.original_text or "")
    normal = _WHITESPACE.sub(" ", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def passage_records(config: SiteConfig) -> tuple[PassageRecord, ...]:
    """Every passage id of the site with the hash of its text, in document and reading order.

    Documents are rendered one at a time, so memory holds only the records.
    """
    diagnostics = Diagnostics()
    markdown = create_markdown()
    records: list[PassageRecord] = []
    for document in load_documents(config, diagnostics):
        rendered = render_document(document, markdown).rendered
        records.extend(
            PassageRecord(document.slug, passage.id, passage_hash(passage))
            for passage in rendered.passages
        )
    return tuple(records)


def _passages_tsv(records: Sequence[PassageRecord]) -> str:
    rows = (f"{r.slug}\t{r.passage_id}\t{r.text_hash}\n" for r in records)
    return PASSAGES_HEADER + "".join(rows)


def read_passages(path: Path) -> tuple[PassageRecord, ...]:
    """The records of a `passages.tsv` file; lines that are not records are skipped."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 3:
            continue
        records.append(PassageRecord(*fields))
    return tuple(records)


@dataclass(frozen=True, slots=True)
class SnapshotRecord:
    """What a kept snapshot says about itself, enough to compare today's passages with it."""

    path: Path
    """The bag folder."""
    label: str
    """Its label."""
    date: str
    """Its date, `YYYY-MM-DD`."""


def latest_snapshot(snapshots_dir: Path) -> SnapshotRecord | None:
    """The newest snapshot in `snapshots_dir` (by date, then label), or None if there is none.

    Hidden folders (unfinished snapshots) and folders without a passage record are ignored.
    """
    found: list[SnapshotRecord] = []
    if not snapshots_dir.is_dir():
        return None
    for folder in sorted(snapshots_dir.iterdir()):
        info = folder / "bag-info.txt"
        if folder.name.startswith(".") or not (folder / PASSAGES_FILE).is_file():
            continue
        if not info.is_file():
            continue
        fields = _read_bag_info(info)
        date = fields.get("Snapshot-Date") or fields.get("Bagging-Date") or ""
        found.append(SnapshotRecord(folder, fields.get("Snapshot-Label", folder.name), date))
    return max(found, key=lambda record: (record.date, record.label), default=None)


def _read_bag_info(path: Path) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        name, colon, value = line.partition(":")
        if colon and not line[:1].isspace():
            fields.setdefault(name.strip(), value.strip())
    return fields


def moved_passages(config: SiteConfig, snapshots_dir: Path) -> list[Diagnostic]:
    """Warnings for passage ids whose text differs from the latest snapshot's record.

    A published link `texts/x/#p12` means the text p12 had then. If p12 now holds other text
    (a passage was inserted above it without an explicit id, or rewritten), the link silently
    shows something else; an id that disappeared makes it land at the top of the page.
    """
    snapshot = latest_snapshot(snapshots_dir)
    if snapshot is None:
        return []
    recorded: dict[str, dict[str, str]] = {}
    for record in read_passages(snapshot.path / PASSAGES_FILE):
        recorded.setdefault(record.slug, {})[record.passage_id] = record.text_hash
    diagnostics = Diagnostics()
    markdown = create_markdown()
    present: set[str] = set()
    for document in load_documents(config, Diagnostics()):
        present.add(document.slug)
        before = recorded.get(document.slug)
        if before is None:
            continue
        path = document.source.path.as_posix()
        passages = render_document(document, markdown).rendered.passages
        now = {passage.id: passage for passage in passages}
        for passage in passages:
            old = before.get(passage.id)
            if old is not None and old != passage_hash(passage):
                diagnostics.warning(
                    _CODE,
                    f"passage {passage.id} changed since snapshot {snapshot.label}; links to "
                    "it now show different text. If this is new text, give it an explicit id "
                    f"such as {{#{passage.id}a}} and keep the old text under {passage.id}; if "
                    "it is a correction, ignore this",
                    Location(path, passage.line),
                )
        for passage_id in before:
            if passage_id not in now:
                diagnostics.warning(
                    _CODE,
                    f"passage {passage_id} was in snapshot {snapshot.label} but is gone; links "
                    "to it now land at the top of the page. Keep an explicit "
                    f"{{#{passage_id}}} on the passage that replaced it",
                    Location(path),
                )
    shown = _shown(snapshot.path / PASSAGES_FILE, config.root)
    for slug in sorted(set(recorded) - present):
        diagnostics.warning(
            _CODE,
            f"document texts/{slug}/ was in snapshot {snapshot.label} but is gone; links to it "
            "now break. Restore content/" + slug + ".md or keep its file name",
            Location(shown),
        )
    return [item for item in diagnostics if item.level is Level.WARNING]


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


# --- verification --------------------------------------------------------------------------


def verify_snapshot(path: Path) -> list[str]:
    """Every problem of the bag at `path`, one line each; an empty list means it is intact.

    Lines read `changed: data/texts/x/index.html`, `missing: ...`, `extra: ...`, or say why
    the folder is not a readable bag at all. bagit's own validation runs last, so anything it
    finds that these checks do not name is reported too.
    """
    if not (path / "bagit.txt").is_file():
        return [
            "not a snapshot (no bagit.txt in it); pass the folder that `site-builder "
            "snapshot` made, e.g. snapshots/2026-spring"
        ]
    with _quiet_bagit():
        try:
            bag = bagit.Bag(str(path))
        except bagit.BagError as error:
            return [f"not a readable snapshot: {error}; pass the snapshot's folder"]
        problems = _fixity_problems(bag, path)
        try:
            bag.validate(processes=1)
        except bagit.BagError as error:
            if not problems:
                problems.append(f"invalid: {error}")
    return problems


def _fixity_problems(bag: bagit.Bag, path: Path) -> list[str]:
    missing, extra = bag.compare_manifests_with_fs()
    problems = [f"missing: {name}" for name in missing]
    problems += [f"extra: {name}" for name in extra]
    problems += [f"extra: {name}" for name in _unlisted_tag_files(bag, path)]
    gone = set(missing)
    for name, hashes in sorted(bag.entries.items()):
        file = path / name
        if name in gone or not file.is_file():
            if name not in gone:
                problems.append(f"missing: {name}")
            continue
        for algorithm, expected in sorted(hashes.items()):
            if _file_hash(file, algorithm) != expected.lower():
                problems.append(f"changed: {name}")
                break
    for manifest in bag.tagmanifest_files():
        if not Path(manifest).is_file():
            problems.append(f"missing: {Path(manifest).name}")
    return sorted(problems, key=lambda line: (line.split(": ", 1)[1], line))


def _unlisted_tag_files(bag: bagit.Bag, path: Path) -> list[str]:
    """Files beside `data/` that no tag manifest lists (bagit tolerates them; we report them,
    since anything added to a kept snapshot is a change)."""
    listed = set(bag.entries)
    found = []
    for file in sorted(path.rglob("*")):
        name = file.relative_to(path).as_posix()
        if not file.is_file() or name.startswith("data/") or name in listed:
            continue
        if re.match(r"^(tag)?manifest-[a-z0-9]+\.txt$", name) or name == "bagit.txt":
            continue
        found.append(name)
    return found


def _file_hash(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
