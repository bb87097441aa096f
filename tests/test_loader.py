from pathlib import Path

import pytest

import site_builder.workers
from site_builder.config import SiteConfig
from site_builder.diagnostics import Diagnostics
from site_builder.loader import content_files, content_sources, load_documents
from site_builder.workers import stat_content


def project(tmp_path: Path, files: dict[str, bytes | str]) -> SiteConfig:
    for name, data in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return SiteConfig(root=tmp_path)


def load(config: SiteConfig) -> tuple[list[str], list[str]]:
    diagnostics = Diagnostics()
    documents = load_documents(config, diagnostics)
    return [document.slug for document in documents], [item.format() for item in diagnostics]


DOC = "---\ntitle: T\n---\nText.\n"


def test_documents_load_in_sorted_order_and_underscore_files_are_not_documents(
    tmp_path: Path,
) -> None:
    config = project(
        tmp_path,
        {"b.md": DOC, "a.md": DOC, "_names.yaml": "x", "_drafts/c.md": DOC, "sub/d.md": DOC},
    )
    assert [path.name for path in content_files(config)] == ["a.md", "b.md", "d.md"]
    assert load(config) == (["a", "b", "d"], [])


def test_content_is_listed_as_messages_show_it_and_a_file_gone_meanwhile_is_kept_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(tmp_path, {"b.md": DOC, "sub/a.md": DOC})
    listed = content_sources(config)
    assert [shown for shown, _path in listed] == ["content/b.md", "content/sub/a.md"]
    assert [Path(path) for _shown, path in listed] == list(content_files(config))
    gone = ("content/c.md", str(tmp_path / "content" / "c.md"))  # deleted after the walk
    monkeypatch.setattr(site_builder.workers, "content_sources", lambda _config: [*listed, gone])
    found = stat_content(config)
    # Size -1 matches no cached record, so the worker reads it and reports it unreadable
    # (tests/bad_input/broken-link).
    assert [(source.shown, source.size) for source in found] == [
        ("content/b.md", len(DOC)),
        ("content/sub/a.md", len(DOC)),
        ("content/c.md", -1),
    ]


def test_bad_files_are_reported_one_line_each_and_the_rest_still_load(tmp_path: Path) -> None:
    config = project(
        tmp_path,
        {
            "empty.md": "   \n",
            "binary.md": b"---\ntitle: T\n---\nA\x00B",
            "latin1.md": "---\ntitle: Café\n---\n".encode("latin-1"),
            "good.md": DOC,
            "Bad Name.md": DOC,
        },
    )
    assert load(config) == (
        ["good"],
        [
            "content/Bad Name.md: error: the file name 'Bad Name.md' is not a valid URL name; "
            "rename it to lowercase ASCII letters, digits and hyphens (e.g. "
            "'soviet-bureaucracy.md') [slug]",
            "content/binary.md:4: error: the file contains NUL bytes, so it is not text; remove "
            "them or the file [binary]",
            "content/empty.md: error: the file is empty; add front matter and text, or delete "
            "it [empty]",
            "content/latin1.md:2: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8 "
            "[encoding]",
        ],
    )


def test_two_documents_with_the_same_slug_are_an_error(tmp_path: Path) -> None:
    config = project(tmp_path, {"one/lenin.md": DOC, "two/lenin.md": DOC})
    assert load(config) == (
        ["lenin"],
        [
            "content/two/lenin.md: error: two documents have the URL name 'lenin' (also "
            "content/one/lenin.md); rename one of the files [duplicate-slug]"
        ],
    )


def test_windows_line_endings_and_a_bom_are_accepted(tmp_path: Path) -> None:
    config = project(tmp_path, {"a.md": "\ufeff---\r\ntitle: T\r\n---\r\nText.\r\n"})
    diagnostics = Diagnostics()
    (document,) = load_documents(config, diagnostics)
    assert document.meta.title == "T" and document.body == "Text.\n"


def test_a_project_whose_content_is_its_root_shows_paths_without_dot(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(DOC, encoding="utf-8")
    config = SiteConfig(root=tmp_path, content_dir=".")
    assert [shown for shown, _path in content_sources(config)] == ["a.md"]
