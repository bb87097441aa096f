"""The Python floor: the least work any Python generator must do for our archive.

Per document it only reads the file, parses the front matter with PyYAML, renders the body
with markdown-it-py (CommonMark plus the footnote and block-attribute plugins, so it reads
our syntax) and fills a tiny Jinja template, then writes `OUT/<slug>/index.html`. No listing
pages, no names index, no feeds, no search. Documents are spread over a pool of processes
(2 by default, as in issue 6). A generator's `--no-search` build is compared to this.

    python bench/floor.py CONTENT_DIR OUT_DIR [--jobs 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

TEMPLATE = """<!doctype html>
<html lang="{{ meta.lang or 'en' }}">
<head><meta charset="utf-8"><title>{{ meta.title }}</title></head>
<body>
<article>
<h1>{{ meta.title }}</h1>
<p>{% for author in meta.authors or [] %}{{ author.name }}{% if not loop.last %}, {% endif %}
{% endfor %} · {{ meta.date }} · {{ meta.published_in }}</p>
{{ body }}
</article>
</body>
</html>
"""

_state: dict[str, Any] = {}


def _init(out: str) -> None:
    _state["md"] = (
        MarkdownIt("commonmark").use(footnote_plugin).use(attrs_block_plugin)
    )
    _state["template"] = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    _state["out"] = Path(out)


def render_one(path: str) -> int:
    """Render one document; return the bytes written."""
    text = Path(path).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    html = _state["template"].render(meta=meta, body=Markup(_state["md"].render(body)))
    target = _state["out"] / Path(path).stem / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    target.write_bytes(data)
    return len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description="the Python floor for the benchmark")
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    paths = sorted(str(path) for path in args.content.glob("*.md"))
    with multiprocessing.Pool(args.jobs, _init, (str(args.out),)) as pool:
        written = sum(pool.imap_unordered(render_one, paths, chunksize=16))
    print(f"floor: {len(paths)} documents, {written:,} bytes, {args.jobs} processes")


if __name__ == "__main__":
    main()
