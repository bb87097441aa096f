"""Run axe-core inside a page and report its violations."""

from typing import Any

from playwright.sync_api import Page

from tests.support.paths import AXE_SCRIPT, require_tool

AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
"""The rule sets we hold every page to: WCAG 2.2 AA and axe's best practices."""

# Evaluated through the DevTools protocol rather than added as a <script> element, so that a
# page's Content-Security-Policy (which should forbid inline scripts) does not block the checker.
_INSTALL_AXE = "source => { if (!window.axe) { (0, eval)(source); } return typeof window.axe; }"
_RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
}).then(results => results.violations)"""


def run_axe(page: Page) -> list[dict[str, Any]]:
    """Check the page as it is now and return axe-core's violations (empty when clean)."""
    source = require_tool(AXE_SCRIPT).read_text(encoding="utf-8")
    installed = page.evaluate(_INSTALL_AXE, source)
    if installed != "object":
        raise RuntimeError(f"axe-core did not load into {page.url} (window.axe is {installed})")
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, list(AXE_TAGS))
    return violations


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violated rule, naming each offending element, for assertion messages."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"[{violation['id']}] ({violation.get('impact')}) {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    {target}: {summary}")
    return "\n".join(lines)
