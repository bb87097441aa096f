"""Compare output with a golden file, or rewrite it under ``--update-golden``."""

import difflib
from pathlib import Path


def assert_matches_golden(actual: str, golden: Path, *, update: bool) -> None:
    """Assert ``actual`` equals the text of ``golden``; with ``update``, write it there instead.

    Golden files are reviewed through ``git diff`` after ``make update-golden``.
    """
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not golden.is_file():
        raise AssertionError(
            f"{golden} does not exist; run `make update-golden` to create it, then review it"
        )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{golden} (golden)",
                tofile="actual",
            )
        )
        raise AssertionError(
            f"output differs from {golden}; if the change is intended, run "
            f"`make update-golden` and review the diff\n{diff}"
        )
