"""Rewrite the importer's golden files: `python -m tests.importer.update_golden`.

Review the result with `git diff tests/importer/golden` before committing.
"""

from tests.importer.seeds import convert_seed, diagnostics_text, golden_files, seed_paths


def main() -> None:
    """Convert every seed and write its golden files."""
    for path in seed_paths():
        conversion = convert_seed(path)
        markdown, diagnostics = golden_files(path)
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.write_text(conversion.markdown, encoding="utf-8", newline="\n")
        diagnostics.write_text(diagnostics_text(conversion), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
