"""Diagnostics: what went wrong, where, and what to do about it.

Every stage reports problems as `Diagnostic` values into a `Diagnostics` collector instead of
raising at the first one, so an editor sees every problem of a run at once. After a stage with
errors the build stops once (`BuildError`), and `cli.py` prints each diagnostic on one line:

    content/lenin.md:12: error: unknown front-matter key 'autor'; did you mean
    'authors'? [front-matter]
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath


class Level(enum.Enum):
    """How serious a diagnostic is."""

    ERROR = "error"
    """The run cannot produce correct output; it exits 1."""
    WARNING = "warning"
    """The output is usable but something deserves an editor's look; an error under `--strict`."""


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file that a message points at."""

    path: str
    """The file, as the user would type it (relative to the project when possible)."""
    line: int | None = None
    """1-based line number, or None when the problem concerns the whole file."""

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @classmethod
    def of(cls, path: PurePath | str, line: int | None = None) -> Location:
        """A location for `path` written with forward slashes, as users see paths in messages."""
        text = path.as_posix() if isinstance(path, PurePath) else path
        return cls(text, line)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the input, reported to the user as one line."""

    level: Level
    """Error or warning."""
    code: str
    """A short stable identifier (`front-matter-key`, `note-missing`), for tests and filtering."""
    message: str
    """What is wrong; what to do. No location, no level: `format()` adds them."""
    location: Location
    """Where the problem is."""

    def format(self) -> str:
        """The one-line form printed to the terminal."""
        return f"{self.location}: {self.level.value}: {self.message} [{self.code}]"

    def as_error(self) -> Diagnostic:
        """The same diagnostic raised to an error (`--strict`)."""
        return Diagnostic(Level.ERROR, self.code, self.message, self.location)


@dataclass(slots=True)
class Diagnostics:
    """Collects diagnostics during a run; the one mutable value passed through the stages."""

    items: list[Diagnostic] = field(default_factory=list)
    """Everything reported so far, in the order it was reported."""

    def error(self, code: str, message: str, location: Location) -> None:
        """Report an error."""
        self.items.append(Diagnostic(Level.ERROR, code, message, location))

    def warning(self, code: str, message: str, location: Location) -> None:
        """Report a warning."""
        self.items.append(Diagnostic(Level.WARNING, code, message, location))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Add diagnostics reported elsewhere (a worker process, a cached render)."""
        self.items.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        """Whether any error has been reported."""
        return any(item.level is Level.ERROR for item in self.items)

    @property
    def error_count(self) -> int:
        """How many errors have been reported."""
        return sum(1 for item in self.items if item.level is Level.ERROR)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class SiteBuilderError(Exception):
    """Bad input or configuration: shown to the user without a traceback, exit status 1."""


class ConfigError(SiteBuilderError):
    """`site.yaml` or the command line asks for something impossible."""


class BuildError(SiteBuilderError):
    """A stage reported errors; the run stops and every diagnostic is shown."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        errors = sum(1 for item in self.diagnostics if item.level is Level.ERROR)
        super().__init__(f"{errors} error{'s' if errors != 1 else ''}")

    def __reduce__(self) -> tuple[type[BuildError], tuple[tuple[Diagnostic, ...]]]:
        # Raised in a worker process, it must arrive in the parent with its diagnostics.
        return (BuildError, (self.diagnostics,))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A `; did you mean 'x'?` suffix naming the closest choice, or '' when none is close."""
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""
