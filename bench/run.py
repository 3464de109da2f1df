"""rmtui's benchmark: each figure next to a baseline measured in the same run, in one table.

    python bench/run.py            # full run
    python bench/run.py --quick    # fewer repetitions, well under a minute

A row is a function that takes the ``Bench`` and returns a ``Result``; the
``@row`` decorator adds it to ``ROWS``, which run in order. The exit code is 0
even when a target is missed: this is a report, not a test.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
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
import subprocess
import sys
import tempfile
import termios
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from statistics import median
from typing import TypeVar, cast

from bare_app import MARKER as BARE_MARKER
from bare_sections import READY as BARE_READY
from cohorts import MARKER_NAME, PAIR_PASSPHRASE, roster_csv, set_passphrases, write_cohort, write_running_cohort
from rich.console import Console
from rich.table import Table

import rmtui
from rmtui.core.matching import MatchContext, Proposal, match_setup, propose
from rmtui.core.roster import Participant, apply_import, list_participants, plan_import, update_participant
from rmtui.core.store import CohortStore, atomic_write, serialise

BENCH_DIR = Path(__file__).resolve().parent
SCREEN_ROWS, SCREEN_COLUMNS = 30, 100
LAUNCH_TIMEOUT = 30.0
COMMAND_TIMEOUT = 120.0
MATCH_SEED = 2
T = TypeVar("T")


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
        self._match_cohorts: dict[tuple[int, int], Path] = {}

    def repeats(self, quick: int, full: int) -> int:
        """How many times to repeat a measurement in this mode."""
        return quick if self.quick else full

    @cached_property
    def rmtui(self) -> list[str]:
        """The installed ``rmtui`` command, with rmtui's bytecode compiled as an installed copy has it."""
        # pip writes bytecode when it installs a wheel; an editable install (and PYTHONDONTWRITEBYTECODE)
        # would otherwise make every launch recompile rmtui, which no installed copy does.
        compileall.compile_dir(Path(rmtui.__file__).parent, quiet=1)
        return [str(rmtui_command())]

    def launch_alternately(self, programs: Mapping[str, tuple[list[str], str]]) -> dict[str, list[Launch]]:
        """Launch each program (argv, marker) until its marker shows, alternately, after one warm-up of each."""
        launchers = {name: partial(launch_until_marker, argv, marker) for name, (argv, marker) in programs.items()}
        return alternate(launchers, self.repeats(5, 11))

    @cached_property
    def first_screens(self) -> FirstScreens:
        """Launch rmtui's roster on a 300-person cohort and the bare app, alternately, after one warm-up of each."""
        cohort = write_cohort(self.workdir / "cold-start-300.json", people=300)
        launches = self.launch_alternately(
            {
                "rmtui": ([*self.rmtui, "--db", str(cohort), "--section", "roster"], MARKER_NAME),
                "bare": ([sys.executable, str(BENCH_DIR / "bare_app.py")], BARE_MARKER),
            }
        )
        check_stale_lock_is_free(cohort)
        return FirstScreens(rmtui=launches["rmtui"], bare=launches["bare"])

    @cached_property
    def running_cohort(self) -> Path:
        """A cohort of 300 people some months into its term, with 3,000 sessions logged, shared by rows."""
        return write_running_cohort(
            self.workdir / "running-300.json", people=DASHBOARD_PEOPLE, sessions=DASHBOARD_SESSIONS
        )

    @cached_property
    def large_running_cohort(self) -> Path:
        """A cohort of 2,000 people with 30,000 sessions logged, for the status and large dashboard rows."""
        return write_running_cohort(self.workdir / "running-2000.json", people=LARGE_PEOPLE, sessions=LARGE_SESSIONS)

    def match_cohort(self, mentors: int, mentees: int) -> Path:
        """A cohort of ``mentors`` mentors and ``mentees`` mentees, written once per run and shared by rows."""
        size = (mentors, mentees)
        if size not in self._match_cohorts:
            path = self.workdir / f"match-{mentors}x{mentees}.json"
            self._match_cohorts[size] = write_cohort(path, people=mentors + mentees, seed=MATCH_SEED, mentors=mentors)
        return self._match_cohorts[size]


RowFunction = Callable[[Bench], "Result | list[Result]"]
ROWS: list[RowFunction] = []


def row(measure: RowFunction) -> RowFunction:
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
    except BaseException as error:
        os.write(2, f"cannot start {argv[0]}: {error}\n".encode())
    finally:
        os._exit(127)


def screen_text(output: bytes) -> str:
    """Terminal output with the escape sequences taken out, for error messages."""
    return re.sub(
        r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[=>()][0-9A-Za-z]?)", "", output.decode(errors="replace")
    )


def _read_until(fd: int, marker: bytes, deadline: float, output: bytes = b"") -> bytes:
    """Read the terminal until ``marker`` has been drawn, searching ``output`` (read before) first; RuntimeError on
    timeout or exit. Returns what was read from the marker on, for a later marker in the same output."""
    searched_from = 0
    while True:
        found = output.find(marker, searched_from)
        if found >= 0:
            return output[found + len(marker) :]
        searched_from = max(0, len(output) - len(marker))
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
        output += chunk
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
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return Launch(seconds=seconds, peak_kib=peak)


# Escape sequences of the keys the interactive rows press (xterm-256color).
KEY_BYTES = {"f1": b"\x1bOP", "f2": b"\x1bOQ", "f3": b"\x1bOR", "f4": b"\x1bOS", "f5": b"\x1b[15~",
             "f6": b"\x1b[17~", "f7": b"\x1b[18~", "f8": b"\x1b[19~", "escape": b"\x1b", "enter": b"\r"}  # fmt: skip
# After each step, the output is read until it has been quiet this long, so the next key meets a settled screen.
QUIET_SECONDS = 0.3


@dataclass(frozen=True, slots=True)
class Step:
    """Keys to press, and the text whose appearance on screen ends the timing (None: not timed).

    ``opened`` is text that shows the screen has opened before its content (``marker``) is ready; when given,
    the time until it shows is recorded too, as "<name>, section only".
    """

    name: str
    keys: tuple[str, ...]
    marker: str | None = None
    opened: str | None = None


def key_bytes(keys: tuple[str, ...]) -> bytes:
    """What a terminal sends for these keys: escape sequences for named keys, the characters for the rest."""
    return b"".join(KEY_BYTES.get(key, key.encode()) for key in keys)


def _drain(fd: int, quiet: float = QUIET_SECONDS, most: float = 5.0) -> None:
    """Read the terminal until it has been quiet for ``quiet`` seconds (at most ``most``)."""
    end = time.perf_counter() + most
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def press_in_terminal(argv: list[str], ready: str, steps: list[Step]) -> dict[str, float]:
    """Start ``argv`` in a fresh terminal; once ``ready`` shows, press each step's keys in turn.

    For a timed step, the time runs from writing its keys to the terminal to reading back its
    marker: the key travels through the terminal, the app handles it and draws the result.
    """
    env = terminal_environment()
    pid, fd = pty.fork()
    if pid == 0:
        _exec_in_terminal(argv, env)
    times: dict[str, float] = {}
    try:
        _read_until(fd, ready.encode(), time.perf_counter() + LAUNCH_TIMEOUT)
        for step in steps:
            _drain(fd)
            start = time.perf_counter()
            os.write(fd, key_bytes(step.keys))
            output = b""
            if step.opened is not None:
                output = _read_until(fd, step.opened.encode(), start + LAUNCH_TIMEOUT)
                times[f"{step.name}, section only"] = time.perf_counter() - start
            if step.marker is not None:
                _read_until(fd, step.marker.encode(), start + LAUNCH_TIMEOUT, output)
                times[step.name] = time.perf_counter() - start
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return times


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


def timed_value(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds ``action`` took, and what it returned."""
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def timed(action: Callable[[], object]) -> float:
    """Seconds ``action`` took."""
    return timed_value(action)[0]


def alternate(actions: Mapping[str, Callable[[], T]], times: int) -> dict[str, list[T]]:
    """Run each action once to warm up (not kept), then ``times`` rounds of all, in turn.

    The order flips every round, so that drifting machine load hits every action alike.
    """
    for action in actions.values():
        action()
    results: dict[str, list[T]] = {name: [] for name in actions}
    for index in range(times):
        order = list(actions) if index % 2 else list(actions)[::-1]
        for name in order:
            results[name].append(actions[name]())
    return results


def median_seconds(runs: Sequence[tuple[float, object]]) -> float:
    """The median time of runs made with ``timed_value`` or ``run_command``."""
    return median(seconds for seconds, _ in runs)


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


def propose_from_store(store: CohortStore) -> Proposal:
    """A proposal with its explanations, from the cohort file, as ``rmtui match`` makes it."""
    return propose(MatchContext(match_setup(store)))


def load_roster(path: Path) -> list[Participant]:
    """Open a cohort file as a reader and read its roster: the cost of loading without matching."""
    with CohortStore.open(path, read_only=True) as store:
        return list_participants(store)


# --- Running commands ----------------------------------------------------------------------------------------------

SOLVER_MODULES = ("numpy", "lap", "scipy")
IMPORT_PROBE = """\
import json, sys, time
start = time.perf_counter()
import {modules}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "solver": [m for m in {solver!r} if m in sys.modules]}}))
"""


def run_command(argv: list[str], cwd: Path) -> tuple[float, bytes]:
    """Run ``argv`` to its end with its output piped: the wall time and its stdout; RuntimeError if it fails."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=COMMAND_TIMEOUT, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        problem = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        raise RuntimeError(f"`{' '.join(argv[1:])}` exited with {done.returncode}: {problem[0]}")
    return seconds, done.stdout


def import_probe(modules: str, cwd: Path) -> tuple[float, list[str]]:
    """In a fresh Python, the seconds ``import modules`` takes and which solver modules it left loaded."""
    _, out = run_command([sys.executable, "-c", IMPORT_PROBE.format(modules=modules, solver=SOLVER_MODULES)], cwd)
    found = json.loads(out)
    return found["seconds"], found["solver"]


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
DASHBOARD_PEOPLE, DASHBOARD_SESSIONS, DASHBOARD_TARGET = 300, 3000, 1.5
# Drawn only once the dashboard's data is on the screen: the timeline line that names the phase.
DASHBOARD_MARKER = "phase: "
MEMORY_TARGET = 1.5
LARGE_PEOPLE, LARGE_SESSIONS, STATUS_TARGET_SECONDS = 2000, 30000, 1.0
REPORT_TARGET_SECONDS = 1.0
IMPORT_PEOPLE, IMPORT_TARGET_SECONDS = 5000, 2.0
SAVE_PEOPLE, SAVE_TARGET_SECONDS = 5000, 0.020
MATCH_SMALL, MATCH_SMALL_TARGET, MATCH_COMMAND_TARGET = 300, 0.3, 0.5  # mentors = mentees; seconds
MATCH_LARGE, MATCH_LARGE_TARGET = 2000, 5.0
# A guess at a pair's passphrase must cost an attacker with the file at least this; unlocking stays under a second.
GUESS_FLOOR_SECONDS, UNLOCK_TARGET_SECONDS = 0.25, 1.0


def time_row(
    figure: str, measured: float, baseline: float, *, detail: str, baseline_detail: str, target: float
) -> Result:
    """A row met when ``measured`` is under ``target`` seconds; the ratio to ``baseline`` is for information."""
    return Result(
        figure=figure,
        measured=f"{duration(measured)}, {detail}",
        baseline=f"{duration(baseline)} {baseline_detail}",
        ratio=measured / baseline,
        target=f"< {target:g} s",
        met=measured < target,
    )


def alternated_time_row(
    figure: str,
    measure: Callable[[], tuple[float, T]],
    baseline: Callable[[], tuple[float, object]],
    repeats: int,
    *,
    detail: Callable[[T], str],
    baseline_detail: str,
    target: float,
) -> Result:
    """``measure`` and ``baseline`` run in turn ``repeats`` times (each returns its seconds and a value); a time row
    of their medians, its detail read from the value ``measure`` returned first. The figure gains ``(n=repeats)``."""
    runs = alternate({"measure": measure, "baseline": baseline}, repeats)
    measured = cast(list[tuple[float, T]], runs["measure"])  # alternate's one type is both actions' common one
    return time_row(
        f"{figure} (n={repeats})",
        median_seconds(measured),
        median_seconds(runs["baseline"]),
        detail=detail(measured[0][1]),
        baseline_detail=baseline_detail,
        target=target,
    )


def ratio_row(
    figure: str,
    measured: float,
    baseline: float,
    show: Callable[[float], str],
    target: float,
    baseline_detail: str = "bare app",
) -> Result:
    """A row whose figure is ``measured / baseline``, met when at most ``target``."""
    ratio = measured / baseline
    return Result(
        figure=figure,
        measured=show(measured),
        baseline=f"{show(baseline)} {baseline_detail}",
        ratio=ratio,
        target=f"≤ {target}×",
        met=ratio <= target,
    )


def first_screen_row(
    bench: Bench, figure: str, reading: Callable[[Launch], float], show: Callable[[float], str], target: float
) -> Result:
    """A ratio row over the launches to the first screen: the median ``reading`` of rmtui's against the bare app's."""
    screens = bench.first_screens
    return ratio_row(
        f"{figure}, 300 people (n={len(screens.rmtui)})",
        median(reading(launch) for launch in screens.rmtui),
        median(reading(launch) for launch in screens.bare),
        show,
        target,
    )


@row
def cold_start(bench: Bench) -> Result:
    """Time to the first screen of ``rmtui --db`` on 300 people, against the bare Textual app's."""
    return first_screen_row(bench, "Cold start", lambda launch: launch.seconds, duration, COLD_START_TARGET)


@row
def peak_memory(bench: Bench) -> Result:
    """Peak resident memory at the first screen, against the bare Textual app's."""
    return first_screen_row(bench, "Peak memory", lambda launch: launch.peak_kib, memory, MEMORY_TARGET)


def dashboard_row(bench: Bench, cohort: Path, people: int, sessions: int) -> Result:
    """Time to the dashboard drawn with its data on a running cohort, against the roster of the same file."""
    rmtui_db = [*bench.rmtui, "--db", str(cohort)]
    launches = bench.launch_alternately(
        {"dashboard": (rmtui_db, DASHBOARD_MARKER), "roster": ([*rmtui_db, "--section", "roster"], MARKER_NAME)}
    )
    return ratio_row(
        f"Dashboard vs roster, {people:,} people, {sessions:,} sessions (n={len(launches['roster'])})",
        median(launch.seconds for launch in launches["dashboard"]),
        median(launch.seconds for launch in launches["roster"]),
        duration,
        DASHBOARD_TARGET,
        baseline_detail="roster",
    )


@row
def dashboard_vs_roster(bench: Bench) -> Result:
    """The dashboard against the roster on 300 people with 3,000 sessions."""
    return dashboard_row(bench, bench.running_cohort, DASHBOARD_PEOPLE, DASHBOARD_SESSIONS)


@row
def dashboard_vs_roster_large(bench: Bench) -> Result:
    """The dashboard against the roster on 2,000 people with 30,000 sessions."""
    return dashboard_row(bench, bench.large_running_cohort, LARGE_PEOPLE, LARGE_SESSIONS)


@row
def status_command(bench: Bench) -> Result:
    """The whole ``rmtui status`` process on 2,000 people with 30,000 sessions, against ``rmtui --version``."""
    rmtui = [str(rmtui_command()), "--db", str(bench.large_running_cohort)]
    return alternated_time_row(
        f"rmtui status, {LARGE_PEOPLE:,} people, {LARGE_SESSIONS:,} sessions, whole process",
        partial(run_command, [*rmtui, "status"], bench.workdir),
        partial(run_command, [str(rmtui_command()), "--version"], bench.workdir),
        bench.repeats(3, 7),
        detail=lambda stdout: f"{len(stdout.splitlines()):,} lines",
        baseline_detail="rmtui --version",
        target=STATUS_TARGET_SECONDS,
    )


@row
def report_to_html(bench: Bench) -> Result:
    """Building the evaluation report of a running cohort and exporting it to HTML, against reading the file."""
    from rmtui.core.report import cohort_report, load_programme, to_html

    def read() -> object:
        with CohortStore.open(bench.running_cohort, read_only=True) as store:
            return load_programme(store)

    def export() -> str:
        with CohortStore.open(bench.running_cohort, read_only=True) as store:
            return to_html(cohort_report(store))

    return alternated_time_row(
        f"Report to HTML, {DASHBOARD_PEOPLE} people, {DASHBOARD_SESSIONS:,} sessions",
        partial(timed_value, export),
        partial(timed_value, read),
        bench.repeats(3, 7),
        detail=lambda page: f"{len(page) / 1024:.0f} KiB",
        baseline_detail="reading the file",
        target=REPORT_TARGET_SECONDS,
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


def cohort_size(mentors: int, mentees: int) -> str:
    """'300×300': mentors by mentees."""
    return f"{mentors:,}×{mentees:,}"


def in_process_match(bench: Bench, size: int, repeats: int, target: float) -> Result:
    """Propose pairs with explanations on a ``size`` × ``size`` cohort in-process, against loading that cohort.

    The store is opened once, as the TUI holds it; each proposal reads the cohort
    from it again (``match_setup``). ``alternate``'s warm-up imports NumPy and lap.
    """
    cohort = bench.match_cohort(size, size)
    with CohortStore.open(cohort, read_only=True) as store:
        return alternated_time_row(
            f"Match {cohort_size(size, size)}, proposal + explanations",
            partial(timed_value, partial(propose_from_store, store)),
            partial(timed_value, partial(load_roster, cohort)),
            repeats,
            detail=lambda proposal: f"{len(proposal.pairs):,} pairs",
            baseline_detail="load cohort",
            target=target,
        )


@row
def match_small(bench: Bench) -> Result:
    """Proposing pairs on 300 mentors and 300 mentees in-process, against loading that cohort."""
    return in_process_match(bench, MATCH_SMALL, bench.repeats(5, 20), MATCH_SMALL_TARGET)


@row
def match_command(bench: Bench) -> Result:
    """The whole ``rmtui match --json`` process on 300 × 300, against ``rmtui export roster`` on the same file."""
    cohort = bench.match_cohort(MATCH_SMALL, MATCH_SMALL)
    rmtui = [str(rmtui_command()), "--db", str(cohort)]
    return alternated_time_row(
        f"rmtui match --json {cohort_size(MATCH_SMALL, MATCH_SMALL)}, whole process",
        partial(run_command, [*rmtui, "match", "--json"], bench.workdir),
        partial(run_command, [*rmtui, "export", "roster", "--format", "json"], bench.workdir),
        bench.repeats(5, 11),
        detail=lambda stdout: f"{len(json.loads(stdout)['pairs']):,} pairs",
        baseline_detail="export roster",
        target=MATCH_COMMAND_TARGET,
    )


@row
def match_large(bench: Bench) -> Result:
    """Proposing pairs on 2,000 mentors and 2,000 mentees in-process, against loading that cohort."""
    return in_process_match(bench, MATCH_LARGE, bench.repeats(3, 7), MATCH_LARGE_TARGET)


@row
def start_without_solver(bench: Bench) -> Result:
    """Importing what ``rmtui`` starts with leaves NumPy, lap and SciPy unloaded; its import time against Textual's."""
    probes = {"rmtui": "rmtui.tui.app, rmtui.cli.commands", "textual": "textual.app"}
    repeats = bench.repeats(5, 11)
    runs = alternate({name: partial(import_probe, modules, bench.workdir) for name, modules in probes.items()}, repeats)
    loaded = sorted({module for _, solver in runs["rmtui"] for module in solver})
    measured, baseline = median_seconds(runs["rmtui"]), median_seconds(runs["textual"])
    return Result(
        figure=f"Cold start unchanged by matching (n={repeats})",
        measured=f"{duration(measured)} imports, " + (f"loads {', '.join(loaded)}" if loaded else "no solver"),
        baseline=f"{duration(baseline)} textual.app",
        ratio=measured / baseline,
        target="no " + ", ".join(SOLVER_MODULES),
        met=not loaded,
    )


@row
def passphrase_guess(bench: Bench) -> Result:
    """One guess at a pair's passphrase (scrypt at the production cost, then the verifier), against the legacy cost."""
    from rmtui.core.access import crypto

    stored, _ = crypto.new_stored_passphrase("the benchmark's own passphrase")
    legacy = crypto.ScryptParams(stored.params.salt, n=crypto.LEGACY_SCRYPT_N, r=crypto.SCRYPT_R, p=crypto.SCRYPT_P)
    guesses = {"now": lambda: stored.check("a wrong guess"), "legacy": lambda: legacy.derive("a wrong guess")}
    runs = alternate({name: partial(timed, guess) for name, guess in guesses.items()}, bench.repeats(3, 7))
    measured, baseline = median(runs["now"]), median(runs["legacy"])
    return Result(
        figure=f"One passphrase guess, scrypt N=2**{stored.params.n.bit_length() - 1} (n={len(runs['now'])})",
        measured=duration(measured),
        baseline=f"{duration(baseline)} legacy N=2**{crypto.LEGACY_SCRYPT_N.bit_length() - 1}",
        ratio=measured / baseline,
        target=f"≥ {GUESS_FLOOR_SECONDS:g} s, < {UNLOCK_TARGET_SECONDS:g} s",
        met=GUESS_FLOOR_SECONDS <= measured < UNLOCK_TARGET_SECONDS,
    )


# --- Key to screen: what a coordinator or a pair waits for after pressing a key --------------------------------------

KEY_TARGET, KEY_FLOOR_SECONDS = 1.3, 0.100  # at most 1.3 times the bare app, or 100 ms, whichever is larger
SCALE_TARGET = 1.5  # at 2,000 people: at most 1.5 times the 300-person time, times 2,000 / 300
PAIR_VIEW_TARGET = 1.25  # a pair's own view: no slower at 2,000 people than at 300, give or take the noise
BARE_ROWS = 300


def section_key(section: str) -> str:
    """The key that opens ``section`` in the coordinator's app, read from its bindings (so a new key order holds)."""
    from textual.binding import Binding

    from rmtui.tui.app import RmtuiApp

    for binding in RmtuiApp.BINDINGS:
        if isinstance(binding, Binding) and binding.action == f"switch_mode('{section}')":
            return binding.key.split(",")[0]
    raise RuntimeError(f"no key of RmtuiApp opens the {section} section")


def coordinator_steps(people: int) -> list[Step]:
    """From the settings section: each section's first visit, and on the roster sorting, a form, help and filtering."""
    return [
        Step("open the roster", (section_key("roster"),), MARKER_NAME),
        Step("sort the roster", ("s",), "sorted by role"),
        Step("open the add form", ("a",), "Add a participant"),
        Step("close", ("escape",)),
        Step("open help", ("f1",), "rmtui help"),
        Step("close help", ("escape",)),
        Step("focus the filter", ("/",)),
        Step("filter the roster", ("~",), f"0 of {people:,} people"),
        Step("clear the filter", ("escape",)),
        Step("open matching, first visit", (section_key("matching"),), "Unmatched · "),
        Step("open the dashboard", (section_key("dashboard"),), DASHBOARD_MARKER),
        # The report section opens at once (its footer's keys show) and builds the report after the first paint.
        Step("open the report", (section_key("report"),), "Headline figures", opened="Pairs table"),
    ]


# The same actions in the bare app: a screen with a DataTable of BARE_ROWS rows for each section.
BARE_STEPS = [
    Step("open the roster", ("f2",), "F2-1.1"),
    Step("sort the roster", ("s",), f"F2-{BARE_ROWS}.1"),
    Step("open the add form", ("a",), "Bare form"),
    Step("close", ("escape",)),
    Step("open help", ("f1",), "Bare help"),
    Step("close help", ("escape",)),
    Step("focus the filter", ("/",)),
    Step("filter the roster", ("~",), "0 rows"),
    Step("clear the filter", ("escape",)),
    Step("open matching, first visit", ("f3",), "F3-1.1"),
    Step("open the dashboard", ("f6",), "F6-1.1"),
    Step("open the report", ("f7",), "F7-1.1"),
]


def kiosk_steps() -> list[Step]:
    """In pair mode: open the first pair, unlock it, then open its session log (F8)."""
    return [
        Step("open the prompt", ("enter",)),
        Step("unlock", (*PAIR_PASSPHRASE, "enter"), "1. Purpose"),
        Step("F8 session log", ("f8",), " held ("),
    ]


def keys_runs(bench: Bench, cohort: Path, with_bare: bool) -> dict[str, list[dict[str, float]]]:
    """Alternating runs of rmtui's coordinator app on ``cohort`` (and the bare app, when asked), each a fresh launch."""
    people = LARGE_PEOPLE if cohort == bench.large_running_cohort else DASHBOARD_PEOPLE
    programs = {
        "rmtui": partial(
            press_in_terminal, [*bench.rmtui, "--db", str(cohort), "--section", "settings"], "Cohort settings",
            coordinator_steps(people),
        ),
    }  # fmt: skip
    if with_bare:
        bare = [sys.executable, str(BENCH_DIR / "bare_sections.py"), str(BARE_ROWS)]
        programs["bare"] = partial(press_in_terminal, bare, BARE_READY, BARE_STEPS)
    return alternate(programs, bench.repeats(3, 7))


def kiosk_runs(bench: Bench, cohort: Path) -> list[dict[str, float]]:
    """Runs of pair mode on a copy of ``cohort`` (the other rows' file stays without passphrases): open the first
    pair's session log, each a fresh launch."""
    cohort = Path(shutil.copy(cohort, fresh_path(bench.workdir, "kiosk")))
    set_passphrases(cohort)
    argv = [*bench.rmtui, "--db", str(cohort), "kiosk"]
    return alternate({"kiosk": partial(press_in_terminal, argv, "Choose your pair", kiosk_steps())},
                     bench.repeats(3, 7))["kiosk"]  # fmt: skip


def step_times(runs: list[dict[str, float]], step: str) -> list[float]:
    """One step's time in each run."""
    return [times[step] for times in runs]


def spread(times: list[float]) -> str:
    """The median and the worst of some timings."""
    return f"{duration(median(times))} (worst {duration(max(times))})"


def key_result(name: str, mine: list[float], bare: list[float]) -> Result:
    """One key's median and worst time against the bare app's median doing the same."""
    return Result(
        figure=f"{name}, {DASHBOARD_PEOPLE} people (n={len(mine)})",
        measured=spread(mine),
        baseline=f"{duration(median(bare))} bare app",
        ratio=median(mine) / median(bare),
        target=f"≤ {KEY_TARGET}× or ≤ {KEY_FLOOR_SECONDS * 1000:g} ms",
        met=median(mine) <= max(KEY_TARGET * median(bare), KEY_FLOOR_SECONDS),
    )


@row
def keys_300(bench: Bench) -> list[Result]:
    """Key to screen on 300 people and 3,000 sessions, each action against the bare app doing the same."""
    runs = keys_runs(bench, bench.running_cohort, with_bare=True)
    bench.keys_300 = runs  # type: ignore[attr-defined]
    results = []
    for step in coordinator_steps(DASHBOARD_PEOPLE):
        if step.marker is None:
            continue
        bare = step_times(runs["bare"], step.name)
        if step.opened is not None:
            name = f"{step.name}, section only"
            results.append(key_result(name, step_times(runs["rmtui"], name), bare))
        results.append(key_result(step.name, step_times(runs["rmtui"], step.name), bare))
    return results


@row
def keys_2000(bench: Bench) -> list[Result]:
    """The dashboard and the report at 2,000 people and 30,000 sessions, against the same keys at 300, scaled by growth."""
    small = (getattr(bench, "keys_300", None) or keys_runs(bench, bench.running_cohort, with_bare=False))["rmtui"]
    large = keys_runs(bench, bench.large_running_cohort, with_bare=False)["rmtui"]
    growth = LARGE_PEOPLE / DASHBOARD_PEOPLE
    results = []
    for step in ("open the dashboard", "open the report"):
        mine, before = step_times(large, step), median(step_times(small, step))
        results.append(
            Result(
                figure=f"{step}, {LARGE_PEOPLE:,} people, {LARGE_SESSIONS:,} sessions (n={len(mine)})",
                measured=spread(mine),
                baseline=f"{duration(before)} at {DASHBOARD_PEOPLE}",
                ratio=median(mine) / before,
                target=f"≤ {SCALE_TARGET * growth:.1f}× ({SCALE_TARGET} × {growth:.2f})",
                met=median(mine) <= SCALE_TARGET * growth * before,
            )
        )
    return results


@row
def keys_pair_view(bench: Bench) -> list[Result]:
    """Pair mode's session log (F8) at 300 and at 2,000 people: a pair's own view must not grow with the cohort."""
    small = step_times(kiosk_runs(bench, bench.running_cohort), "F8 session log")
    large = step_times(kiosk_runs(bench, bench.large_running_cohort), "F8 session log")
    # The bare app switching to a screen with a table, as keys_300 measured it (or now, if that row did not run).
    runs = getattr(bench, "keys_300", None) or keys_runs(bench, bench.running_cohort, with_bare=True)
    bare = median(step_times(runs["bare"], "open the roster"))
    return [
        Result(
            figure=f"Pair mode F8 session log, {DASHBOARD_PEOPLE} people (n={len(small)})",
            measured=spread(small),
            baseline=f"{duration(bare)} bare app",
            ratio=median(small) / bare,
            target=f"≤ {KEY_TARGET}× or ≤ {KEY_FLOOR_SECONDS * 1000:g} ms",
            met=median(small) <= max(KEY_TARGET * bare, KEY_FLOOR_SECONDS),
        ),
        Result(
            figure=f"Pair mode F8 session log, {LARGE_PEOPLE:,} people, {LARGE_SESSIONS:,} sessions (n={len(large)})",
            measured=spread(large),
            baseline=f"{duration(median(small))} at {DASHBOARD_PEOPLE}",
            ratio=median(large) / median(small),
            target=f"≤ {PAIR_VIEW_TARGET}× (no growth)",
            met=median(large) <= PAIR_VIEW_TARGET * median(small),
        ),
    ]


# --- Running and reporting -----------------------------------------------------------------------------------------


def failed(measure: RowFunction, error: Exception) -> Result:
    """The row of a measurement that raised: shown, and counted as missed."""
    return Result(
        figure=measure.__name__.replace("_", " ").capitalize(),
        measured=f"failed: {error}".splitlines()[0],
        baseline="",
        ratio=float("nan"),
        target="",
        met=False,
    )


def run_rows(bench: Bench, console: Console, only: set[str] | None = None) -> list[Result]:
    """Every registered row (or those named in ``only``), in order; a row that raises is reported as failed and the
    rest still run. A row may return several results."""
    results: list[Result] = []
    for measure in ROWS:
        if only and measure.__name__ not in only:
            continue
        # Plain progress lines: a spinner would run a thread beside the timings and the forks.
        console.print(f"Measuring {measure.__name__.replace('_', ' ')}…", style="dim")
        try:
            found = measure(bench)
            results.extend(found if isinstance(found, list) else [found])
        except Exception as error:
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
    parser.add_argument("--only", help="run only these rows, by function name, comma-separated (status_command,...)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if only and (unknown := only - {measure.__name__ for measure in ROWS}):
        parser.error(f"no such row: {', '.join(sorted(unknown))}; the rows are {', '.join(m.__name__ for m in ROWS)}")
    # Piped into a file or a log, Rich would wrap the table at 80 columns; give it room instead.
    console = Console(width=None if sys.stdout.isatty() else 160)
    with tempfile.TemporaryDirectory(prefix="rmtui-bench-") as workdir:
        results = run_rows(Bench(quick=args.quick, workdir=Path(workdir)), Console(stderr=True), only)
    console.print(report(results, quick=args.quick))
    console.print(f"{sum(r.met for r in results)} of {len(results)} targets met")


if __name__ == "__main__":
    main()
