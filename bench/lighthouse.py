"""Lighthouse and page weight of the index and a reading page: a benchmark, not a test.

    .venv/bin/python bench/lighthouse.py [--project DIR] [--runs N]

Builds the project (default: this repository's archive) into a temporary folder, serves it on
127.0.0.1 and reports, for the index and the first reading page:

- the compressed (gzip -9) size of the JavaScript and CSS each page loads, against the budgets
  of issue 4 (JS < 12 KB, CSS < 20 KB);
- Lighthouse's accessibility, best-practices, SEO and performance scores (the median of N runs:
  performance is simulated and noisy), with npm's `lighthouse` run against Debian's Chromium
  (`CHROME_PATH=/usr/bin/chromium`). When `lighthouse` is not installed the weights are still
  printed and the script says how to install it (it is not in package.json yet).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support import build_site, serve_directory  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")
TARGETS = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
BUDGETS = {"js": 12 * 1024, "css": 20 * 1024}
_ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')


def page_weight(site: Path, page: Path) -> dict[str, int]:
    """Compressed bytes of the scripts and stylesheets `page` loads, by kind."""
    weight = {"js": 0, "css": 0}
    for reference in _ASSET.findall(page.read_text(encoding="utf-8")):
        asset = (page.parent / reference).resolve()
        if asset.is_file() and site.resolve() in asset.parents:
            kind = "js" if asset.suffix == ".js" else "css"
            weight[kind] += len(gzip.compress(asset.read_bytes(), compresslevel=9))
    return weight


def lighthouse_command() -> list[str] | None:
    """How to run lighthouse here: node_modules/.bin, then PATH; None when missing."""
    for local in (
        REPO_ROOT / "bench" / "tools" / "node_modules" / ".bin" / "lighthouse",
        REPO_ROOT / "node_modules" / ".bin" / "lighthouse",
    ):
        if local.exists():
            return [str(local)]
    found = shutil.which("lighthouse")
    return [found] if found else None


def lighthouse_scores(command: list[str], url: str, scratch: Path) -> dict[str, float]:
    """One Lighthouse run of `url`; category → score (0-100)."""
    report = scratch / "report.json"
    flags = " ".join(
        ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
    )
    subprocess.run(
        [
            *command,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={flags}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=300,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    return {name: 100 * (data["categories"][name]["score"] or 0) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=REPO_ROOT)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="site-builder-lighthouse-") as folder:
        scratch = Path(folder)
        site = build_site(arguments.project, scratch / "site")
        readings = sorted(site.glob("texts/*/index.html"))
        pages = {"index": site / "index.html"}
        if readings:
            pages[f"texts/{readings[0].parent.name}/"] = readings[0]
        failed = False
        print(f"{'page':60} {'JS gz':>9} {'CSS gz':>9}")
        for name, path in pages.items():
            weight = page_weight(site, path)
            over = [kind for kind, size in weight.items() if size >= BUDGETS[kind]]
            failed |= bool(over)
            flag = f"  OVER BUDGET: {', '.join(over)}" if over else ""
            print(f"{name:60} {weight['js']:>8,}B {weight['css']:>8,}B{flag}")
        command = lighthouse_command()
        if command is None:
            print(
                "\nlighthouse is not installed; run `make lighthouse` (it installs "
                "bench/tools/ from its lockfile)"
            )
            return 2
        with serve_directory(site) as base_url:
            print(f"\n{'page':48} " + " ".join(f"{name[:13]:>14}" for name in CATEGORIES))
            for name, path in pages.items():
                address = path.relative_to(site).as_posix().removesuffix("index.html")
                runs = [
                    lighthouse_scores(command, f"{base_url}/{address}", scratch)
                    for _ in range(arguments.runs)
                ]
                medians = {c: statistics.median(run[c] for run in runs) for c in CATEGORIES}
                failed |= any(medians[c] < TARGETS[c] for c in CATEGORIES)
                print(f"{name:60} " + " ".join(f"{medians[c]:>14.0f}" for c in CATEGORIES))
        print("\ntargets: " + ", ".join(f"{c} ≥ {TARGETS[c]}" for c in CATEGORIES))
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
