"""Golden tests: each seed source converts to exactly its reviewed Markdown and diagnostics."""

from pathlib import Path

import pytest

from tests.importer.seeds import convert_seed, diagnostics_text, golden_files, seed_paths
from tests.support.golden import assert_matches_golden


@pytest.mark.parametrize("path", seed_paths(), ids=lambda path: path.stem)
def test_seed_converts_to_its_golden_markdown(path: Path, update_golden: bool) -> None:
    conversion = convert_seed(path)
    markdown, diagnostics = golden_files(path)
    assert_matches_golden(conversion.markdown, markdown, update=update_golden)
    assert_matches_golden(diagnostics_text(conversion), diagnostics, update=update_golden)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda path: path.stem)
def test_seed_keeps_every_word(path: Path) -> None:
    fidelity = convert_seed(path).fidelity
    assert fidelity.exact, fidelity.summary()
    assert fidelity.words_in == fidelity.words_out == fidelity.words_kept > 1000


def test_shipped_content_is_the_import_of_the_sources() -> None:
    content = Path(__file__).parents[2] / "content"
    for path in seed_paths():
        conversion = convert_seed(path)
        shipped = content / f"{conversion.slug}.md"
        assert shipped.read_text(encoding="utf-8") == conversion.markdown, shipped
