"""The search index in shards: which page goes where, and that a rebuild re-indexes only the
shards whose pages changed while giving the bytes of a clean build."""

import json
import random
import shutil
from pathlib import Path

from site_builder.build import BuildOptions, BuildResult, build
from site_builder.config import load_config
from site_builder.model import SearchPage
from site_builder.search import plan_shards, search_digests, search_page, shard_count
from tests.support import file_tree as tree

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"
MANY = 40


def pages(language: str, count: int, start: int = 0) -> list[SearchPage]:
    return [
        SearchPage(language, f"/texts/doc-{n}/", f"{n:064x}", f"{n:064x}")
        for n in range(start, start + count)
    ]


def test_shard_counts_are_powers_of_two_that_bound_the_average_size() -> None:
    assert [shard_count(n, 200) for n in (0, 1, 200, 201, 400, 401, 5000)] == [1, 1, 1, 2, 2, 4, 32]


def test_every_page_lands_in_exactly_one_shard_of_its_language_whatever_the_order() -> None:
    english, chinese = pages("en", 500), pages("zh-hans", 120)
    shuffled = english + chinese
    random.Random(7).shuffle(shuffled)
    plan = plan_shards(english + chinese, "en", 50)
    assert plan == plan_shards(shuffled, "en", 50), "the plan does not depend on input order"
    assert plan[0].bundle.path == "pagefind/" and plan[0].bundle.language == "en"
    for shard in plan:
        assert {page.language for page in shard.pages} == {shard.bundle.language}
        assert [page.url for page in shard.pages] == sorted(page.url for page in shard.pages)
    placed = [page for shard in plan for page in shard.pages]
    assert sorted(placed, key=repr) == sorted(english + chinese, key=repr)
    paths = [shard.bundle.path for shard in plan]
    assert len(set(paths)) == len(paths)
    assert all(path.startswith("pagefind/shard/") for path in paths[1:])
    # 500 pages in 16 shards (16 × 50 ≥ 500 > 8 × 50): no shard is wildly uneven.
    sizes = [len(shard.pages) for shard in plan if shard.bundle.language == "en"]
    assert len(sizes) == 16 and max(sizes) < 3 * 500 / 16


def test_a_page_stays_in_its_shard_when_others_are_added() -> None:
    before = plan_shards(pages("en", 300), "en", 100)
    after = plan_shards(pages("en", 300) + pages("en", 50, start=1000), "en", 100)
    where = {page.url: shard.bundle.path for shard in before for page in shard.pages}
    moved = [
        page.url
        for shard in after
        for page in shard.pages
        if page.url in where and where[page.url] != shard.bundle.path
    ]
    assert len(after) == len(before) == 4 and moved == []


def test_the_main_bundle_is_the_first_shard_with_pages_and_exists_without_any() -> None:
    plan = plan_shards(pages("zh-hans", 3), "en", 200)
    assert [(s.bundle.path, s.bundle.language, len(s.pages)) for s in plan] == [
        ("pagefind/", "zh-hans", 3)
    ]
    tiny = plan_shards(pages("en", 2) + pages("zh-hans", 2), "en", 1)
    assert tiny[0].bundle.path == "pagefind/" and tiny[0].bundle.language == "en"
    assert all(shard.pages for shard in tiny), "no bundle is made for an empty shard"
    empty = plan_shards([], "en", 200)
    assert [(s.bundle.path, s.bundle.language, s.pages) for s in empty] == [("pagefind/", "en", ())]


def make_project(tmp_path: Path, shard_size: int) -> Path:
    project = Path(shutil.copytree(FIXTURE, tmp_path / "project"))
    with (project / "site.yaml").open("a", encoding="utf-8") as config:
        config.write(f"\nsearch:\n  shard_size: {shard_size}\n")
    for number in range(MANY):
        (project / "content" / f"generated-{number:03}.md").write_text(
            f"---\ntitle: Generated {number}\n---\n\nParagraph {number} about tractors.\n\n"
            f"{{lang=zh-Hans}}\n第{number}段。\n",
            encoding="utf-8",
        )
    return project


def run(project: Path, out: Path, jobs: int = 2) -> BuildResult:
    return build(load_config(project), BuildOptions(output=out, jobs=jobs))


def test_an_edit_reindexes_one_shard_and_the_result_equals_a_clean_build(tmp_path: Path) -> None:
    project, out = make_project(tmp_path, shard_size=4), tmp_path / "site"
    first = run(project, out)
    assert first.search is not None
    indexed, shards = first.search
    assert indexed == shards and shards > 8, first.search
    merged = first.site.search_bundles
    assert len(merged) == shards - 1
    search_page = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert all(bundle.path in search_page for bundle in merged)
    assert {bundle.language for bundle in merged} == {"en", "zh-hans"}

    path = project / "content" / "generated-007.md"
    path.write_text(path.read_text().replace("tractors", "combine harvesters"))
    assert run(project, out).search == (1, shards), "only the edited English text's shard"
    assert run(project, out).search == (0, shards), "nothing changed: every shard reused"

    incremental = tree(out)
    shutil.rmtree(project / ".cache")
    run(project, tmp_path / "clean", jobs=1)
    assert incremental == tree(tmp_path / "clean")
    shard_files = [name for name in incremental if name.startswith("pagefind/shard/")]
    assert shard_files and not [name for name in shard_files if name.endswith(".js")], (
        "merged shards carry their index only; Pagefind's scripts come from the main bundle"
    )


def test_only_the_bundles_in_use_stay_in_the_cache(tmp_path: Path) -> None:
    project, out = make_project(tmp_path, shard_size=4), tmp_path / "site"
    result = run(project, out)
    assert result.search is not None
    (project / "content" / "generated-001.md").unlink()
    result = run(project, out)
    assert result.search is not None
    cached = list((project / ".cache" / "search").iterdir())
    assert len(cached) == result.search[1], [path.name for path in cached]


def test_an_archive_without_documents_still_gets_a_working_search_bundle(tmp_path: Path) -> None:
    project = tmp_path / "empty"
    (project / "content").mkdir(parents=True)
    (project / "site.yaml").write_text("title: Empty\n", encoding="utf-8")
    result = run(project, tmp_path / "site")
    assert result.search == (1, 1)
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()
    assert result.site.search_bundles == ()


def passages_json(translation: str, original: str) -> bytes:
    row = {"id": "p1", "text": translation, "original_text": original, "original_lang": "zh-Hans"}
    data = {"lang": "en", "title": "T", "original_title": "题", "passages": [row]}
    return json.dumps(data).encode()


def test_each_language_page_has_its_own_text_and_hash() -> None:
    first = dict(search_digests(passages_json("Tractors.", "拖拉机。")))
    assert list(first) == ["en", "zh-hans"]
    retranslated = dict(search_digests(passages_json("Combines.", "拖拉机。")))
    assert retranslated["en"] != first["en"] and retranslated["zh-hans"] == first["zh-hans"]
    data = json.loads(passages_json("Tractors.", "拖拉机。"))
    chinese = search_page(data, "zh-hans")
    assert 'lang="zh-Hans"' in chinese and "拖拉机。" in chinese and "Tractors." not in chinese
    assert "Tractors." in search_page(data, "en") and "拖拉机" not in search_page(data, "en")
