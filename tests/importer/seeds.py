"""The seed sources and where their golden files live (shared by the tests and update_golden)."""

from pathlib import Path

from site_builder.importer import Conversion, convert_source
from tests.support import REPO_ROOT

SOURCES = REPO_ROOT / "sources"
GOLDEN = Path(__file__).parent / "golden"


def seed_paths() -> list[Path]:
    """Every seed source, sorted."""
    return sorted(SOURCES.glob("*.txt"))


def convert_seed(path: Path) -> Conversion:
    """Convert one seed as `site-builder import` would, recording `sources/<name>`."""
    data = path.read_bytes()
    return convert_source(f"sources/{path.name}", data.decode("utf-8"), source_bytes=data)


def diagnostics_text(conversion: Conversion) -> str:
    """The diagnostics and removed chrome lines of a conversion, one per line, for review."""
    lines = [item.format() for item in conversion.diagnostics]
    lines += [
        f"removed chrome: {line.line}: {line.text} [{line.rule}]"
        for line in conversion.removed_chrome
    ]
    lines.append(f"fidelity: {conversion.fidelity.summary()}")
    return "\n".join(lines) + "\n"


def golden_files(path: Path) -> tuple[Path, Path]:
    """The Markdown golden file and the diagnostics golden file of a seed."""
    return GOLDEN / f"{path.stem}.md", GOLDEN / f"{path.stem}.diagnostics.txt"
