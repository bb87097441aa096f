"""The theme (templates and static files) and the rendering of pages through Jinja.

The default theme is the top-level `templates/` and `static/` of this repository, packaged into
the wheel as `site_builder/_theme/`. A site's own `templates/` and `static/` override it file
by file. Autoescape is on and undefined variables are errors: a typo in a template fails the
build with the template's name and line instead of printing nothing.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from site_builder import __version__
from site_builder.config import SiteConfig
from site_builder.diagnostics import BuildError, Diagnostics, Location
from site_builder.model import OutputFile, SnapshotStamp

if TYPE_CHECKING:  # Jinja is imported when a page is rendered: a no-op build needs none
    import jinja2

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Theme:
    """Where templates and static files are looked up, first match wins."""

    template_dirs: tuple[Path, ...]
    """The site's `templates/`, then the default theme's."""
    static_dirs: tuple[Path, ...]
    """The site's `static/`, then the default theme's."""


def default_theme_root() -> Path:
    """The folder holding the default `templates/` and `static/`.

    In a wheel they are packaged as `site_builder/_theme/`; in a source checkout (editable
    install) they are the repository's top-level folders.
    """
    packaged = Path(__file__).parent / "_theme"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def find_theme(config: SiteConfig) -> Theme:
    """The theme of `config`'s project: its own folders first, then the default theme."""
    default = default_theme_root()
    candidates = (config.root, default)
    return Theme(
        template_dirs=_existing_unique(root / "templates" for root in candidates),
        static_dirs=_existing_unique(root / "static" for root in candidates),
    )


def _existing_unique(paths: Iterable[Path]) -> tuple[Path, ...]:
    seen: list[Path] = []
    for path in paths:
        resolved = path.resolve()
        if resolved.is_dir() and resolved not in seen:
            seen.append(resolved)
    return tuple(seen)


def template_files(theme: Theme) -> tuple[tuple[str, int], ...]:
    """Every template file of the theme with its modification time: an environment made
    for the same files can be used again (Jinja notices edits, not a new override)."""
    return tuple(
        (str(path), path.stat().st_mtime_ns)
        for folder in theme.template_dirs
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    )


@functools.lru_cache(maxsize=4)
def cached_environment(
    theme: Theme, files: tuple[tuple[str, int], ...], bytecode: Path | None = None
) -> jinja2.Environment:
    """`create_environment(theme, bytecode)`, kept for the same template files
    (`template_files`), so that `serve` and the worker processes compile each template once,
    not once per build."""
    del files  # part of the cache key only
    return create_environment(theme, bytecode)


def create_environment(theme: Theme, bytecode: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: autoescape on, undefined variables are errors. With `bytecode`
    (a folder of the build cache), compiled templates are kept there for the next process,
    by each template's name and source checksum."""
    import jinja2

    class Bytecode(jinja2.FileSystemBytecodeCache):
        """Never fails a build: a missing or unwritable folder (the cache deleted while
        `serve` runs) means compiling again."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)

    cache = None if bytecode is None else Bytecode(str(bytecode))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(path) for path in theme.template_dirs]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["human_date"] = human_date
    environment.globals["generator"] = f"site-builder {__version__}"
    return environment


def human_date(iso: str | None) -> str:
    """`2021-11-03` → `November 3, 2021`; `2021-11` → `November 2021`; `2021` → `2021`."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{month} {int(parts[2])}, {parts[0]}"


@dataclass(frozen=True, slots=True)
class Links:
    """How a page at `page` links to other pages of the site."""

    page: PurePosixPath
    """The page's own output path (`texts/lenin/index.html`)."""
    offline: bool
    """Spell out `index.html` in links, for sites opened from `file://` (snapshots)."""

    @property
    def root(self) -> str:
        """The relative path from this page to the site root (`../../`, or `` at the root)."""
        return "../" * (len(self.page.parts) - 1)

    def href(self, target: str) -> str:
        """A relative link to `target`, a site path such as `texts/lenin/` or `static/x.css`."""
        if self.offline and (target == "" or target.endswith("/")):
            target += "index.html"
        return (self.root + target) or "./"


@dataclass(frozen=True, slots=True)
class PageRenderer:
    """Renders pages of one build: the environment, the config and the link style."""

    environment: jinja2.Environment
    """Jinja, with the theme's templates."""
    config: SiteConfig
    """The site's configuration."""
    offline: bool = False
    """Links spell out `index.html` (snapshots opened from `file://`)."""
    snapshot: SnapshotStamp | None = None
    """Set when building a snapshot: templates show its label, date and permanent URL."""

    def render(self, template: str, path: str, **context: Any) -> OutputFile:
        """Render `template` to the output file at `path` with `context`."""
        import jinja2

        try:
            html = self.environment.get_template(template).render(self.context(path), **context)
        except jinja2.TemplateNotFound as error:
            where, line = _template_frame(error, template)
            message = f"template '{error.name or template}' not found"
            raise self._error(where, line, message) from None
        except jinja2.TemplateSyntaxError as error:
            where = error.filename or template
            raise self._error(where, error.lineno, error.message or "syntax error") from None
        except jinja2.TemplateError as error:
            where, line = _template_frame(error, template)
            raise self._error(where, line, error.message or type(error).__name__) from None
        return OutputFile(PurePosixPath(path), html.encode("utf-8"))

    def context(self, path: str) -> dict[str, Any]:
        """What every template sees on the page at `path`: the config, links from there."""
        links = Links(PurePosixPath(path), self.offline)
        return {
            "site": self.config,
            "root": links.root,
            "href": links.href,
            "permalink": self._permalink,
            "snapshot": self.snapshot,
        }

    def _error(self, filename: str, line: int | None, message: str) -> BuildError:
        """A template error located at the template file as the user knows it."""
        path = Path(filename)
        for root, prefix in ((self.config.root, ""), (default_theme_root(), "default theme: ")):
            try:
                filename = prefix + path.resolve().relative_to(root.resolve()).as_posix()
                break
            except ValueError:
                continue
        return _template_error(filename, line, message)

    def _permalink(self, target: str) -> str:
        """The absolute URL of `target` when `base_url` is set, else the site path."""
        return self.config.base_url + target if self.config.base_url else target


def _template_frame(error: BaseException, template: str) -> tuple[str, int | None]:
    """The template file and line where a render-time error happened (Jinja rewrites the
    traceback so that template frames carry the template's own file name and line)."""
    found: tuple[str, int | None] = (template, None)
    trace = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".json")):
            found = (filename, trace.tb_lineno)
        trace = trace.tb_next
    return found


def _template_error(name: str, line: int | None, message: str) -> BuildError:
    diagnostics = Diagnostics()
    diagnostics.error(
        "template",
        f"{message}; fix the template (the site's templates/ overrides the default theme)",
        Location(name, line),
    )
    return BuildError(diagnostics.items)


def static_files(theme: Theme) -> Iterator[OutputFile]:
    """Every static file of the theme under `static/`, the site's own taking precedence."""
    chosen: dict[PurePosixPath, Path] = {}
    for folder in theme.static_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                relative = PurePosixPath(path.relative_to(folder).as_posix())
                chosen.setdefault(relative, path)
    for relative in sorted(chosen):
        yield OutputFile(PurePosixPath("static") / relative, chosen[relative].read_bytes())
