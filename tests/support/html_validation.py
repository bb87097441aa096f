"""Check HTML files with the Nu HTML checker (vnu.jar), the W3C's conformance checker."""

import json
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from tests.support.paths import VNU_JAR, require_tool


@dataclass(frozen=True, slots=True)
class HtmlProblem:
    """One message of the Nu HTML checker."""

    path: Path
    """The checked file."""
    line: int | None
    """1-based line of the problem, when the checker gives one."""
    column: int | None
    """1-based column of the problem, when the checker gives one."""
    kind: str
    """The checker's type: ``error``, ``non-document-error`` or ``info``."""
    message: str
    """What is wrong, in the checker's words."""
    extract: str
    """The markup around the problem."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else str(self.path)
        return f"{where}: {self.kind}: {self.message}\n    near: {' '.join(self.extract.split())}"


def run_nu_checker(paths: Sequence[Path]) -> list[HtmlProblem]:
    """Check every file in ``paths`` with one ``java -jar vnu.jar`` run; return its errors.

    Only errors are reported (``--errors-only``): the acceptance bar is "no errors".
    """
    if not paths:
        raise ValueError("run_nu_checker needs at least one file to check")
    java = shutil.which("java")
    if java is None:
        raise FileNotFoundError("java is not on PATH; the Nu HTML checker needs Java 11 or newer")
    command = [
        java,
        "-jar",
        str(require_tool(VNU_JAR)),
        "--format",
        "json",
        "--errors-only",
        "--stdout",
        *(str(path) for path in paths),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(
            f"the Nu HTML checker did not report JSON (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        ) from error
    return [
        HtmlProblem(
            path=_path_of(message.get("url", "")),
            line=message.get("lastLine"),
            column=message.get("firstColumn", message.get("lastColumn")),
            kind=message.get("subType", message.get("type", "error")),
            message=message.get("message", ""),
            extract=message.get("extract", ""),
        )
        for message in report.get("messages", [])
    ]


def _path_of(url: str) -> Path:
    """The checker names files as ``file:`` URLs; turn them back into paths."""
    parsed = urlparse(url)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(url)
