"""Machine-readable exports of the fixture site: catalog.json, passages.json, feed, sitemap."""

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.build import BuildOptions, build
from site_builder.config import load_config
from site_builder.exports import atom_date, html_to_text
from site_builder.markdown import create_markdown
from tests.support import copy_project

FIXTURE = Path(__file__).parent / "fixtures" / "sites" / "basic"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "site"
    build(load_config(copy_project(FIXTURE, out.parent)), BuildOptions(output=out, search=False))
    return out


def test_catalog_lists_every_document_with_its_metadata_in_index_order(site: Path) -> None:
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["title"] == "Fixture Archive"
    slugs = [entry["slug"] for entry in catalog["documents"]]
    assert sorted(slugs) == sorted(p.stem for p in (FIXTURE / "content").glob("*.md"))
    conduct = next(entry for entry in catalog["documents"] if entry["slug"] == "party-conduct")
    assert conduct["original_title"] == "论党的作风"
    assert conduct["authors"] == [{"name": "Zhang Shuhua", "original_name": "张树华"}]
    assert conduct["date"] == "2021-11-03"
    assert conduct["tags"] == ["CPSU", "conduct"]
    assert conduct["bilingual"] is True
    assert conduct["url"] == "texts/party-conduct/"
    assert conduct["permalink"] == "https://archive.example.org/texts/party-conduct/"
    assert (site / conduct["passages_url"]).is_file()
    dates = [entry["date"] or "" for entry in catalog["documents"]]
    assert dates == sorted(dates, reverse=True), "newest first, like the index"


def test_passages_json_holds_every_row_with_ids_originals_and_notes(site: Path) -> None:
    data = json.loads((site / "texts/party-conduct/passages.json").read_text(encoding="utf-8"))
    rows = data["passages"]
    assert data["original_lang"] == "zh-Hans"
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert "p2a" in ids, "explicit ids are kept"
    heading = rows[0]
    assert heading["kind"] == "heading" and heading["number"] is None
    assert heading["original_text"] == "(一) 思想上故步自封"
    first = next(row for row in rows if row["id"] == "p1")
    assert first["text"].startswith("In 1967, Brezhnev asserted")
    assert first["original_text"].startswith("1967年，勃列日涅夫宣称")
    assert first["original_lang"] == "zh-Hans"
    assert first["notes"] == ["2"]
    note = next(item for item in data["notes"] if item["label"] == "2")
    assert note["text"] == "Brezhnev, Selected Works, p. 12."
    unsafe = next(row for row in rows if "<script>" in row["text"])
    assert unsafe["original_text"] is None, "raw HTML in a source stays text"


def test_the_atom_feed_parses_and_dates_come_from_the_documents(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2021-11-03T00:00:00Z"
    assert feed.findtext(f"{ATOM}id") == "https://archive.example.org/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert "https://archive.example.org/texts/party-conduct/" in ids
    for entry in entries:
        assert entry.findtext(f"{ATOM}title")
        assert entry.findtext(f"{ATOM}updated", "").endswith("T00:00:00Z")
        assert entry.find(f"{ATOM}link").get("href", "").startswith("https://archive.example.org/")


def test_the_sitemap_parses_and_lists_absolute_urls_of_every_page(site: Path) -> None:
    urlset = ET.parse(site / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in urlset.iter(f"{SITEMAP}loc")]
    assert "https://archive.example.org/" in locations
    assert "https://archive.example.org/texts/party-conduct/" in locations
    assert "https://archive.example.org/authors/zhang-shuhua/" in locations
    assert "https://archive.example.org/years/2021/" in locations
    assert all(location.startswith("https://archive.example.org/") for location in locations)
    for location in locations:
        page = site / location.removeprefix("https://archive.example.org/") / "index.html"
        assert page.is_file(), f"the sitemap lists a page the site does not have: {location}"


def test_robots_txt_allows_crawling_and_names_the_sitemap(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert "Sitemap: https://archive.example.org/sitemap.xml" in robots


def test_without_base_url_there_is_no_feed_or_sitemap(tmp_path: Path) -> None:
    config = dataclasses.replace(load_config(copy_project(FIXTURE, tmp_path)), base_url="")
    build(config, BuildOptions(output=tmp_path / "site", search=False))
    assert not (tmp_path / "site" / "feed.xml").exists()
    assert not (tmp_path / "site" / "sitemap.xml").exists()
    assert "Sitemap" not in (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "catalog.json").is_file()


def test_the_not_found_page_links_from_the_root_and_fetches_nothing(site: Path) -> None:
    page = (site / "404.html").read_text(encoding="utf-8")
    assert 'action="/search/"' in page
    assert 'href="/names/"' in page
    assert "stylesheet" not in page and "<script" not in page


def test_atom_dates_of_any_precision() -> None:
    assert atom_date("2021") == "2021-01-01T00:00:00Z"
    assert atom_date("2021-11") == "2021-11-01T00:00:00Z"
    assert atom_date("2021-11-03") == "2021-11-03T00:00:00Z"


def test_html_to_text_drops_tags_and_decodes_entities() -> None:
    assert html_to_text("<p>Brezhnev, <em>Selected\nWorks</em> &amp; more</p>") == (
        "Brezhnev, Selected Works & more"
    )


def test_html_to_text_reads_markup_characters_in_text_and_attributes_as_text() -> None:
    source = 'See [a "b" <c>](../x/ "t > \\"q\\"") & `x < y`[^1] and ![m](https://e.org/a>b.png)'
    fragment = create_markdown().render(source + "\n\n    <pre> & </pre>\n")
    assert html_to_text(fragment) == 'See a "b" <c> & x < y1 and m <pre> & </pre>'
