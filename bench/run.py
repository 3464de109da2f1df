"""rmtui's benchmark: each figure next to a baseline measured in the same run, in one table.

    python bench/run.py            # full run
    python bench/run.py --quick    # fewer repetitions, well under a minute

A row is a function that takes the ``Bench`` and returns a ``Result``; the
``@row`` decorator adds it to ``ROWS``, which run in order. The exit code is 0
even when a target is missed: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import math
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import tempfile
import termios
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from statistics import median

from rich.console import Console
from rich.table import Table

from bare_app import MARKER as BARE_MARKER
from cohorts import MARKER_NAME, roster_csv, write_cohort
from rmtui.core.roster import list_participants, update_participant
from rmtui.core.roster_import import apply_import, plan_import
from rmtui.core.storage import atomic_write, serialise
from rmtui.core.store import CohortStore

BENCH_DIR = Path(__file__).resolve().parent
SCREEN_ROWS, SCREEN_COLUMNS = 30, 100
LAUNCH_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Result:
    """One line of the table."""

    figure: str
    measured: str
    baseline: str
    ratio: float
    target: str
    met: bool


@dataclass(frozen=True, slots=True)
class Launch:
    """One program started in a terminal: how long until its first screen, and its peak memory."""

    seconds: float
    peak_kib: int


@dataclass(frozen=True, slots=True)
class FirstScreens:
    """Alternating launches of rmtui and of the bare Textual app."""

    rmtui: list[Launch]
    bare: list[Launch]


class Bench:
    """What the rows share: the run's mode, a scratch folder and measurements used by several rows."""

    def __init__(self, *, quick: bool, workdir: Path) -> None:
        self.quick = quick
        self.workdir = workdir

    def repeats(self, quick: int, full: int) -> int:
        """How many times to repeat a measurement in this mode."""
        return quick if self.quick else full

    @cached_property
    def first_screens(self) -> FirstScreens:
        """Launch rmtui on a 300-person cohort and the bare app, alternately, after one warm-up of each."""
        cohort = write_cohort(self.workdir / "cold-start-300.json", people=300)
        programs = {
            "rmtui": ([str(rmtui_command()), "--db", str(cohort)], MARKER_NAME),
            "bare": ([sys.executable, str(BENCH_DIR / "bare_app.py")], BARE_MARKER),
        }
        launches: dict[str, list[Launch]] = {name: [] for name in programs}
        for argv, marker in programs.values():
            launch_until_marker(argv, marker)
        for index in range(self.repeats(5, 11)):
            order = list(programs) if index % 2 else list(reversed(programs))
            for name in order:
                launches[name].append(launch_until_marker(*programs[name]))
        check_stale_lock_is_free(cohort)
        return FirstScreens(rmtui=launches["rmtui"], bare=launches["bare"])


ROWS: list[Callable[[Bench], Result]] = []


def row(measure: Callable[[Bench], Result]) -> Callable[[Bench], Result]:
    """Register a row of the table; rows run in the order they are defined."""
    ROWS.append(measure)
    return measure


# --- Launching a program in a pseudo-terminal ---------------------------------------------------------------------


def rmtui_command() -> Path:
    """The installed ``rmtui`` console script, preferably the one beside this Python."""
    beside = Path(sys.executable).with_name("rmtui")
    found = beside if beside.exists() else shutil.which("rmtui")
    if not found:
        raise RuntimeError("the rmtui command is not installed; run `pip install -e .` in this environment")
    return Path(found)


def terminal_environment() -> dict[str, str]:
    """The current environment as a 256-colour xterm, without Textual's developer switches."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    return {**env, "TERM": "xterm-256color"}


def _exec_in_terminal(argv: list[str], env: dict[str, str]) -> None:
    """In the forked child: size the terminal, then become ``argv``. Never returns."""
    try:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SCREEN_ROWS, SCREEN_COLUMNS, 0, 0))
        os.execve(argv[0], argv, env)
    except BaseException as error:  # noqa: BLE001 - the child must never return into the benchmark
        os.write(2, f"cannot start {argv[0]}: {error}\n".encode())
    finally:
        os._exit(127)


def screen_text(output: bytes) -> str:
    """Terminal output with the escape sequences taken out, for error messages."""
    return re.sub(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[=>()][0-9A-Za-z]?)", "", output.decode(errors="replace"))


def _read_until(fd: int, marker: bytes, deadline: float) -> None:
    """Read the terminal until ``marker`` has been drawn; RuntimeError on timeout or exit."""
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.perf_counter()))
        if not ready:
            problem = f"did not draw {marker.decode()!r} within {LAUNCH_TIMEOUT:.0f} s"
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the program exited and closed the terminal
            chunk = b""
        if not chunk:
            problem = f"exited before drawing {marker.decode()!r}"
            break
        searched_from = max(0, len(output) - len(marker))
        output += chunk
        if marker in output[searched_from:]:
            return
    tail = screen_text(output)[-1500:]
    raise RuntimeError(f"{problem}; the screen ended with:\n{tail}")


def launch_until_marker(argv: list[str], marker: str) -> Launch:
    """Start ``argv`` in a fresh 100 × 30 pseudo-terminal, wait until ``marker`` appears, then kill it.

    The time runs from just before the fork to the moment the marker is read
    back. The peak memory is read while the program still shows that screen.
    """
    env = terminal_environment()
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        _exec_in_terminal(argv, env)
    try:
        _read_until(fd, marker.encode(), start + LAUNCH_TIMEOUT)
        seconds = time.perf_counter() - start
        peak = peak_memory_kib(pid)
    finally:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return Launch(seconds=seconds, peak_kib=peak)


def peak_memory_kib(pid: int) -> int:
    """The peak resident memory (VmHWM) of a running process, in KiB.

    Not the ru_maxrss that wait4 reports: Linux carries the forking parent's
    resident size over into the child's ru_maxrss across exec, so a child of
    this (larger) benchmark process would report the benchmark's own memory.
    VmHWM belongs to the memory map that exec created, and only to it.
    """
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB$", status, re.MULTILINE)
    if match is None:
        raise RuntimeError(f"/proc/{pid}/status has no VmHWM line; peak memory needs Linux")
    return int(match.group(1))


def check_stale_lock_is_free(cohort: Path) -> None:
    """A killed rmtui leaves its lock file behind; the flock on it must have died with the process."""
    lock_file = cohort.with_name(cohort.name + ".lock")
    if not lock_file.exists():
        raise RuntimeError(f"rmtui left no lock file at {lock_file}; the check of stale locks proves nothing")
    CohortStore.open(cohort).close()


# --- Measuring in-process ------------------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def fresh_path(folder: Path, stem: str) -> Path:
    """A file name in ``folder`` that is not taken yet."""
    index = 0
    while (folder / f"{stem}-{index}.json").exists():
        index += 1
    return folder / f"{stem}-{index}.json"


def import_once(bench: Bench, raw: bytes) -> tuple[float, int, Path]:
    """Import ``raw`` into a new empty cohort as ``rmtui import`` does: seconds taken, writes made, the file."""
    path = fresh_path(bench.workdir, "import")
    with CohortStore.open(path) as store:

        def run_import() -> None:
            plan = plan_import(raw, list_participants(store))
            if plan.errors:
                raise RuntimeError(f"the generated roster has {len(plan.errors)} invalid row(s): {plan.errors[0]}")
            apply_import(store, plan)

        seconds = timed(run_import)
        return seconds, store.write_count, path


# --- Formatting ----------------------------------------------------------------------------------------------------


def duration(seconds: float) -> str:
    """Seconds in the unit a person reads most easily."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


def memory(kib: float) -> str:
    """KiB as MiB."""
    return f"{kib / 1024:.1f} MiB"


# --- The rows ------------------------------------------------------------------------------------------------------

COLD_START_TARGET = 1.3
MEMORY_TARGET = 1.5
IMPORT_PEOPLE, IMPORT_TARGET_SECONDS = 5000, 2.0
SAVE_PEOPLE, SAVE_TARGET_SECONDS = 5000, 0.020


def ratio_row(figure: str, measured: float, baseline: float, show: Callable[[float], str], target: float) -> Result:
    """A row whose figure is ``measured / baseline``, met when at most ``target``."""
    ratio = measured / baseline
    return Result(
        figure=figure,
        measured=show(measured),
        baseline=f"{show(baseline)} bare app",
        ratio=ratio,
        target=f"≤ {target}×",
        met=ratio <= target,
    )


@row
def cold_start(bench: Bench) -> Result:
    """Time to the first screen of ``rmtui --db`` on 300 people, against the bare Textual app's."""
    screens = bench.first_screens
    return ratio_row(
        f"Cold start, 300 people (n={len(screens.rmtui)})",
        median(launch.seconds for launch in screens.rmtui),
        median(launch.seconds for launch in screens.bare),
        duration,
        COLD_START_TARGET,
    )


@row
def peak_memory(bench: Bench) -> Result:
    """Peak resident memory at the first screen, against the bare Textual app's."""
    screens = bench.first_screens
    return ratio_row(
        f"Peak memory, 300 people (n={len(screens.rmtui)})",
        median(launch.peak_kib for launch in screens.rmtui),
        median(launch.peak_kib for launch in screens.bare),
        memory,
        MEMORY_TARGET,
    )


@row
def roster_import(bench: Bench) -> Result:
    """Importing a 5,000-row CSV into an empty cohort, against serialising and writing the result once."""
    raw = roster_csv(IMPORT_PEOPLE, seed=0)
    runs = [import_once(bench, raw) for _ in range(bench.repeats(1, 3))]
    measured = median(seconds for seconds, _, _ in runs)
    write_counts = {write_count for _, write_count, _ in runs}
    writes = max(write_counts)
    tables = json.loads(runs[0][2].read_bytes())
    target = bench.workdir / "import-baseline.json"
    baseline = median(timed(lambda: atomic_write(target, serialise(tables))) for _ in runs)
    plural = "write" if writes == 1 else "writes"
    return Result(
        figure=f"Import {IMPORT_PEOPLE:,}-row CSV (n={len(runs)})",
        measured=f"{duration(measured)}, {writes} {plural}",
        baseline=f"{duration(baseline)} dumps + write",
        ratio=measured / baseline,
        target=f"< {IMPORT_TARGET_SECONDS:g} s, 1 write",
        met=measured < IMPORT_TARGET_SECONDS and write_counts == {1},
    )


@row
def save_one_edit(bench: Bench) -> Result:
    """Saving one changed job title on a 5,000-person cohort, against a bare atomic write of the file."""
    path = write_cohort(fresh_path(bench.workdir, "save"), people=SAVE_PEOPLE, seed=1)
    edits = bench.repeats(5, 20)
    with CohortStore.open(path) as store:
        emails = [person.email for person in list_participants(store)]
        step = len(emails) // (edits + 1)
        chosen = emails[::step][: edits + 1]  # spread over the roster; the first edit warms up
        times = [
            timed(partial(update_participant, store, email, {"job_title": f"Benchmark title {n}"}))
            for n, email in enumerate(chosen)
        ][1:]
    payload = path.read_bytes()
    target = bench.workdir / "save-baseline.json"
    baseline = median(timed(partial(atomic_write, target, payload)) for _ in range(edits))
    measured = median(times)
    return Result(
        figure=f"Save one edit, {SAVE_PEOPLE:,} people (n={edits})",
        measured=duration(measured),
        baseline=f"{duration(baseline)} write {len(payload) / 2**20:.1f} MiB",
        ratio=measured / baseline,
        target=f"< {SAVE_TARGET_SECONDS * 1000:g} ms",
        met=measured < SAVE_TARGET_SECONDS,
    )


# --- Running and reporting -----------------------------------------------------------------------------------------


def failed(measure: Callable[[Bench], Result], error: Exception) -> Result:
    """The row of a measurement that raised: shown, and counted as missed."""
    return Result(
        figure=measure.__name__.replace("_", " ").capitalize(),
        measured=f"failed: {error}".splitlines()[0],
        baseline="",
        ratio=float("nan"),
        target="",
        met=False,
    )


def run_rows(bench: Bench, console: Console) -> list[Result]:
    """Every registered row, in order; a row that raises is reported as failed and the rest still run."""
    results = []
    for measure in ROWS:
        # Plain progress lines: a spinner would run a thread beside the timings and the forks.
        console.print(f"Measuring {measure.__name__.replace('_', ' ')}…", style="dim")
        try:
            results.append(measure(bench))
        except Exception as error:  # noqa: BLE001 - a report shows a broken row and goes on
            traceback.print_exc()
            results.append(failed(measure, error))
    return results


def report(results: list[Result], *, quick: bool) -> Table:
    """The results as one table."""
    table = Table(title=f"rmtui benchmark ({'quick' if quick else 'full'} run)")
    table.add_column("figure")
    table.add_column("measured", justify="right")
    table.add_column("baseline", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target")
    table.add_column("met", justify="center")
    for result in results:
        ratio = "" if math.isnan(result.ratio) else f"{result.ratio:.2f}×"
        met = "[green]✓[/]" if result.met else "[red]✗[/]"
        table.add_row(result.figure, result.measured, result.baseline, ratio, result.target, met)
    return table


def main() -> None:
    """Run the benchmark and print the table and how many targets were met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions; finishes in under a minute")
    args = parser.parse_args()
    # Piped into a file or a log, Rich would wrap the table at 80 columns; give it room instead.
    console = Console(width=None if sys.stdout.isatty() else 120)
    with tempfile.TemporaryDirectory(prefix="rmtui-bench-") as workdir:
        results = run_rows(Bench(quick=args.quick, workdir=Path(workdir)), Console(stderr=True))
    console.print(report(results, quick=args.quick))
    console.print(f"{sum(r.met for r in results)} of {len(results)} targets met")


if __name__ == "__main__":
    main()
