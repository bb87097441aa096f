"""Incremental builds: after any change, a rebuild through the cache gives exactly the bytes of
a clean build of the same sources, whatever the number of jobs; a damaged cache is not trusted.
"""

import gc
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import site_builder.build
from site_builder.build import BuildOptions, BuildResult, build
from site_builder.cache import KEEP_CONTEXTS, BuildCache
from site_builder.config import load_config
from site_builder.diagnostics import BuildError
from site_builder.model import OutputFile
from site_builder.templates import PageRenderer
from tests.support import file_tree as tree

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"
MANY = 40  # more than workers.POOL_THRESHOLD, so that the process pool is used


def make_project(tmp_path: Path) -> Path:
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    for number in range(MANY):
        (project / "content" / f"generated-{number:03}.md").write_text(
            f"---\ntitle: Generated {number}\ndate: 2001-01-{number % 28 + 1:02}\n---\n\n"
            f"Paragraph one of {number}.[^1]\n\n{{lang=zh-Hans}}\n第{number}段。\n\n"
            f"Paragraph two.\n\n[^1]: Note of {number}.\n",
            encoding="utf-8",
        )
    return project


def run_build(project: Path, out: Path, **options: object) -> BuildResult:
    return build(load_config(project), BuildOptions(output=out, search=False, **options))  # type: ignore[arg-type]


def clean_build(project: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    run_build(project, out, jobs=1)
    return tree(out)


def edit_document(project: Path) -> None:
    path = project / "content" / "generated-007.md"
    path.write_text(path.read_text().replace("Paragraph two.", "Paragraph two, edited."))


def retitle_document(project: Path) -> None:
    path = project / "content" / "generated-007.md"
    path.write_text(path.read_text().replace("title: Generated 7", "title: Retitled Seven"))


def add_document(project: Path) -> None:
    (project / "content" / "added.md").write_text("---\ntitle: Added\n---\n\nNew text.\n")


def delete_document(project: Path) -> None:
    (project / "content" / "generated-003.md").unlink()


def rename_document(project: Path) -> None:
    content = project / "content"
    (content / "generated-004.md").rename(content / "renamed-document.md")


def change_template(project: Path) -> None:
    templates = project / "templates"
    theme = Path(__file__).parent.parent / "templates"
    shutil.copytree(theme, templates)
    reading = templates / "reading.html"
    reading.write_text(reading.read_text().replace("</article>", "<p>Changed.</p></article>"))


def change_config(project: Path) -> None:
    config = project / "site.yaml"
    config.write_text(config.read_text().replace("Fixture Archive", "Renamed Archive"))


def add_static_file(project: Path) -> None:
    (project / "static").mkdir(exist_ok=True)
    (project / "static" / "added.txt").write_text("A file for the site.\n")


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit": edit_document,
    "static": add_static_file,
    "retitle": retitle_document,
    "add": add_document,
    "delete": delete_document,
    "rename": rename_document,
    "template": change_template,
    "config": change_config,
}


@pytest.mark.parametrize("mode", ["in place", "staged"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_rebuild_after_a_change_equals_a_clean_build(
    tmp_path: Path, change: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if mode == "staged":  # as if every change were big: the whole site is staged and swapped
        monkeypatch.setattr(site_builder.build, "IN_PLACE_LIMIT", -1)
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    CHANGES[change](project)
    result = run_build(project, out, jobs=2)
    incremental = tree(out)
    assert incremental == clean_build(project, tmp_path / "clean")
    if change in ("edit", "retitle", "add", "rename"):
        assert result.rendered == 1, "only the changed document is rendered again"
    if change == "delete":
        assert result.rendered == 0


def test_a_no_op_rebuild_renders_nothing_and_changes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    first = run_build(project, out, jobs=2)
    before = tree(out)
    second = run_build(project, out, jobs=2)
    assert (first.rendered, second.rendered) == (MANY + 2, 0)
    assert tree(out) == before


def test_a_no_op_rebuild_reads_not_even_the_cache_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    with monkeypatch.context() as patch:
        patch.setattr(BuildCache, "load_index", None)  # any use of it would fail
        second = run_build(project, out, jobs=2)
    assert (second.site, second.documents, second.rendered) == (None, MANY + 2, 0)
    assert second.diagnostics, "its warnings are shown again"
    assert run_build(project, out, strict=False).site is None
    with pytest.raises(BuildError):  # the same inputs, but warnings are now errors
        run_build(project, out, strict=True)


def test_a_touched_document_is_looked_at_again(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    os.utime(project / "content" / "generated-005.md", ns=(1, 1))  # same bytes, other time
    again = run_build(project, out, jobs=2)
    assert again.site is not None and again.rendered == 0
    assert run_build(project, out, jobs=2).site is None


def test_a_build_turns_the_cycle_collector_off_only_while_it_runs(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    seen: list[bool] = []
    run_build(project, out, jobs=1, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen), "off while documents are rendered"
    assert gc.isenabled()
    (project / "content" / "broken.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    with pytest.raises(BuildError):
        run_build(project, out, jobs=2)
    assert gc.isenabled(), "and on again after a failed build"


def stats(root: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def test_a_no_op_rebuild_writes_no_file(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    before = stats(out)
    run_build(project, out, jobs=2)
    assert stats(out) == before


def test_an_edit_rewrites_that_document_and_no_listing(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    before = stats(out)
    edit_document(project)
    run_build(project, out, jobs=2)
    after = stats(out)
    rewritten = {path for path in after if before.get(path) != after[path]}
    assert "texts/generated-007/index.html" in rewritten
    assert "catalog.json" in rewritten, "the catalog counts words"
    listings = {"index.html", "years/2001/index.html", "years/index.html"}
    assert not rewritten & listings, "the text changed, not what the lists show"
    assert not [
        path
        for path in rewritten
        if path.startswith("texts/generated-00") and not path.startswith("texts/generated-007/")
    ]
    assert after.keys() == before.keys()
    assert not [path for path in rewritten if path.startswith("static/")], "same bytes, kept"
    retitle_document(project)
    run_build(project, out, jobs=2)
    again = stats(out)
    retitled = {path for path in again if again[path] != after[path]}
    assert {"index.html", "years/2001/index.html"} <= retitled, "the lists show titles"
    assert "years/index.html" not in retitled, "it shows years only: its bytes are the same"


def test_an_edit_to_the_text_renders_no_page_made_only_from_front_matter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=1)
    rendered: list[str] = []
    render = PageRenderer.render

    def spy(self: PageRenderer, template: str, path: str, **context: object) -> OutputFile:
        rendered.append(path)
        return render(self, template, path, **context)

    monkeypatch.setattr(PageRenderer, "render", spy)
    edit_document(project)
    run_build(project, out, jobs=1)
    assert "texts/generated-007/index.html" in rendered
    assert not {"feed.xml", "sitemap.xml", "search/index.html", "404.html"} & set(rendered)
    assert not [path for path in rendered if path == "index.html" or path.startswith("years/")]
    rendered.clear()
    retitle_document(project)
    run_build(project, out, jobs=1)
    assert {"feed.xml", "sitemap.xml", "index.html"} <= set(rendered), "they show titles"


def test_a_file_deleted_from_the_output_by_hand_comes_back(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=2)
    expected = tree(out)
    (out / "texts" / "generated-002" / "index.html").unlink()
    run_build(project, out, jobs=2)
    assert tree(out) == expected


def test_one_and_two_jobs_give_the_same_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    run_build(project, tmp_path / "one", jobs=1)
    shutil.rmtree(project / ".cache")
    run_build(project, tmp_path / "two", jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_damaged_blob_is_detected_and_rendered_again(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=1)
    expected = tree(out)
    page = out / "texts" / "generated-010" / "index.html"
    page.write_text("tampered output")  # the old output can no longer be linked from
    for blob in (project / ".cache" / "blobs").glob("*/*"):
        blob.write_bytes(b"damaged")
    result = run_build(project, out, jobs=1)
    assert result.rendered >= 1
    assert tree(out) == expected


def test_a_damaged_index_is_ignored(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=1)
    expected = tree(out)
    for index in (project / ".cache").glob("index-*.pickle"):
        data = bytearray(index.read_bytes())
        data[-10] ^= 0xFF
        index.write_bytes(bytes(data))
    result = run_build(project, out, jobs=1)
    assert result.rendered == MANY + 2
    assert tree(out) == expected


def test_an_edited_output_file_is_not_reused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    run_build(project, out, jobs=1)
    expected = tree(out)
    (out / "texts" / "generated-001" / "index.html").write_text("edited by hand")
    run_build(project, out, jobs=1)
    assert tree(out) == expected


def test_progress_is_reported_for_every_rendered_document(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    calls: list[tuple[int, int]] = []
    run_build(
        project, tmp_path / "site", jobs=2, progress=lambda done, total: calls.append((done, total))
    )
    total = MANY + 2
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_a_rebuild_with_a_cached_search_index_equals_a_clean_one(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    build(load_config(project), BuildOptions(output=out, jobs=2))
    change_template(project)  # pages change, the searchable text does not
    build(load_config(project), BuildOptions(output=out, jobs=2))
    cached = list((project / ".cache" / "search").iterdir())
    assert len(cached) == 2, "one bundle per language (en, zh-hans) was kept for reuse"
    assert not [bundle for bundle in cached if (bundle / "shard").exists()], (
        "the main bundle is cached without the other shards' bundles inside it"
    )
    incremental = tree(out)
    shutil.rmtree(project / ".cache")
    build(load_config(project), BuildOptions(output=tmp_path / "clean", jobs=1))
    assert incremental == tree(tmp_path / "clean")
    assert any(name.startswith("pagefind/") for name in incremental)


def test_the_cache_forgets_old_build_contexts_and_their_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "site"
    config = project / "site.yaml"
    original = config.read_text()
    blob_counts = []
    for number in range(8):  # each title is a new build context whose pages all differ
        config.write_text(original.replace("Fixture Archive", f"Archive {number}"))
        run_build(project, out, jobs=2)
        blob_counts.append(len(list((project / ".cache" / "blobs").glob("*/*"))))
    assert len(list((project / ".cache").glob("index-*.pickle"))) <= KEEP_CONTEXTS
    assert blob_counts[-1] < blob_counts[-2] or max(blob_counts) < 5 * blob_counts[0], (
        f"old pages are collected: {blob_counts}"
    )
    assert max(blob_counts) <= (KEEP_CONTEXTS + 3) * blob_counts[0], blob_counts


def test_a_template_override_added_between_builds_of_one_process_is_used(tmp_path: Path) -> None:
    # `serve` builds again and again in one process, reusing compiled templates: a template
    # the project adds to override the default theme must still take effect at once.
    project = make_project(tmp_path)
    out = tmp_path / "site"
    (project / "templates").mkdir(exist_ok=True)  # the theme's folders stay the same
    run_build(project, out, jobs=1)
    theme = Path(__file__).parent.parent / "templates"
    page = (theme / "404.html").read_text().replace("</main>", "<p>Override here.</p></main>")
    assert "Override here." in page
    (project / "templates" / "404.html").write_text(page)
    run_build(project, out, jobs=1)
    assert "Override here." in (out / "404.html").read_text()
