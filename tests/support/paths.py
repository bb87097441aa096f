"""Where the repository and its test-only tools live."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
"""The repository root: the shipped project (``site.yaml``, ``content/``) lives here."""

NODE_MODULES = REPO_ROOT / "node_modules"
"""Test-only npm tools, installed by ``make test`` with ``npm ci`` from ``package-lock.json``."""

AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
"""axe-core, injected into pages under test."""

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
"""The Nu HTML checker, run with ``java -jar``."""


def require_tool(path: Path) -> Path:
    """Return ``path`` if it exists, else fail with the command that installs it."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing; run `make test` (or `npm ci --ignore-scripts`) to install "
            "the test tools from package-lock.json"
        )
    return path
