"""Helpers shared by the test suite: building, serving and checking a site in real tools.

Each helper lives in a module named for what it does; this package re-exports them so tests
can write ``from tests.support import build_site, serve_directory``.
"""

from tests.support.accessibility import AXE_TAGS, format_axe_violations, run_axe
from tests.support.building import build_site, copy_project, file_tree
from tests.support.chromium import CHROMIUM_ARGS, CHROMIUM_PATH, launch_chromium
from tests.support.demo import DemoDocument, demo_documents, demo_sources, reading_page_slugs
from tests.support.golden import assert_matches_golden
from tests.support.html_validation import HtmlProblem, run_nu_checker
from tests.support.paths import NODE_MODULES, REPO_ROOT
from tests.support.serving import serve_directory

__all__ = [
    "AXE_TAGS",
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "NODE_MODULES",
    "REPO_ROOT",
    "DemoDocument",
    "HtmlProblem",
    "assert_matches_golden",
    "build_site",
    "copy_project",
    "demo_documents",
    "demo_sources",
    "file_tree",
    "format_axe_violations",
    "launch_chromium",
    "reading_page_slugs",
    "run_axe",
    "run_nu_checker",
    "serve_directory",
]
