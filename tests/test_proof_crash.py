"""Proof: a writer killed with SIGKILL at any moment never tears the cohort file or loses an acknowledged write.

Each scenario (a roster import, a session save, a match confirm) first runs its writes to the
end, keeping a copy of the file after every write: those are the only states the file may ever
be in. Then many writers, each on a fresh copy of the same starting file, are killed at random
moments. After every kill the file must open, ``rmtui check`` must pass, and the file must hold
exactly the state after the writer's last acknowledged write, or after the write in flight;
opening it again must clear away the temporary file of a write the kill cut short.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from rmtui.cli.commands import main
from rmtui.core.matching import MatchContext, confirm_proposal, match_setup, propose
from rmtui.core.roster import apply_import, plan_import
from rmtui.core.store import CohortStore

# Minutes of kills, faults or hostile input: left out of the quick loop (pytest -m 'not slow').
pytestmark = pytest.mark.slow

TODAY = date(2026, 3, 16)
KILLS_PER_SCENARIO = 150
CONCURRENT_WRITERS = 2

# A server of writers. It imports everything once, then for each command forks a writer, so a
# run pays for no interpreter start-up. The writer prints its pid, opens the file and writes;
# after each write returns (so it is on disk) it prints how many writes are done. With a folder
# to record into, it also keeps a copy of the file after each write. Then it waits for the
# test's SIGKILL, so its pid cannot be reused before the kill; an alarm ends it if none comes.
# When the writer is gone the server prints "exit".
WRITERS = """
import json
import os
import signal
import sys
import traceback
from datetime import date
from pathlib import Path

import lap  # matching loads its solver on first use; loaded here once, not in every writer

from rmtui.core.matching import MatchContext, propose
from rmtui.core.matching import confirm_proposal, match_setup
from rmtui.core.roster import list_participants
from rmtui.core.roster import apply_import, plan_import
from rmtui.core.sessions import log_session
from rmtui.core.store import CohortStore


def import_people(store, k, newcomers=(("mentor", 1), ("mentee", 7)) * 3, regraded=2):
    rows = [f"New {k}.{n},new{k}.{n}@example.org,{role},{grade}" for n, (role, grade) in enumerate(newcomers)]
    rows += [f"Mentee {n},mentee{n}@example.org,mentee,{5 + k % 4}" for n in range(regraded)]
    plan = plan_import(("name,email,role,grade\\n" + "\\n".join(rows)).encode(), list_participants(store), update=True)
    assert not plan.errors, plan.errors
    apply_import(store, plan)


def save_session(store, k):
    fields = {"held_on": f"2026-02-{1 + k % 28:02}", "minutes": str(30 + k), "place": "remote", "mentee_rating": "4"}
    log_session(store, 1 + k % 3, fields, logged_by="coordinator")


def confirm_match(store, k):
    if k % 2:
        confirm_proposal(store, propose(MatchContext(match_setup(store))))
    else:
        import_people(store, k, newcomers=(("mentor", 1), ("mentee", 7)) * 2, regraded=0)


SCENARIOS = {"roster import": import_people, "session save": save_session, "match confirm": confirm_match}


def write_until_killed(scenario, path, writes, record):
    signal.alarm(60)
    print("pid", os.getpid(), flush=True)
    try:
        with CohortStore.open(Path(path), today=lambda: date(2026, 3, 16)) as store:
            for k in range(writes):
                SCENARIOS[scenario](store, k)
                if record:
                    (Path(record) / f"{k + 1}.json").write_bytes(Path(path).read_bytes())
                sys.stdout.write(f"{k + 1}\\n")  # one write: the kill cuts off a whole line or none of it
                sys.stdout.flush()
    except Exception:
        traceback.print_exc()
        print("failed", flush=True)
    while True:
        signal.pause()


for command in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            write_until_killed(*json.loads(command))
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    print("exit", flush=True)
"""


WRITES = {"roster import": 12, "session save": 16, "match confirm": 12}


def people_csv(*rows: tuple[str, str, str, int]) -> bytes:
    """A roster CSV of (name, email, role, grade) rows."""
    lines = ["name,email,role,grade", *(",".join(map(str, row)) for row in rows)]
    return "\n".join(lines).encode()


def starting_cohort(path: Path, *, pairs: int, unpaired: int) -> None:
    """Mentors (grade 1) and mentees (grade 7); the first ``pairs`` of them confirmed as pairs."""
    count = pairs + unpaired
    mentors = [(f"Mentor {n}", f"mentor{n}@example.org", "mentor", 1) for n in range(count)]
    mentees = [(f"Mentee {n}", f"mentee{n}@example.org", "mentee", 7) for n in range(count)]
    with CohortStore.open(path, today=lambda: date(2026, 1, 5)) as store:
        apply_import(store, plan_import(people_csv(*mentors[:pairs], *mentees[:pairs]), []))
        if pairs:
            confirm_proposal(store, propose(MatchContext(match_setup(store))))
        if unpaired:
            apply_import(store, plan_import(people_csv(*mentors[pairs:], *mentees[pairs:]), []))


STARTS = {"roster import": (4, 0), "session save": (3, 0), "match confirm": (0, 10)}


@dataclass(frozen=True, slots=True)
class Writes:
    """One scenario's starting file, the file's content after each of its writes, and how long each write took."""

    scenario: str
    start: Path
    states: list[dict]  # states[n] is the file after n writes
    seconds: list[float]  # seconds[n] is how long write n + 1 took (the first includes opening the file)


class WriterServer:
    """A process that forks writers on request; the test kills each writer with SIGKILL."""

    def __init__(self) -> None:
        # A fixed hash seed keeps every writer's output identical to the recorded run's.
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITERS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )

    def start(self, scenario: str, path: Path, record: Path | None = None) -> int:
        """Fork a writer of ``scenario`` on ``path``; returns its pid once it is about to open the file."""
        command = [scenario, str(path), WRITES[scenario], str(record) if record else None]
        self.process.stdin.write(json.dumps(command).encode() + b"\n")
        self.process.stdin.flush()
        word, pid = self.process.stdout.readline().split()
        assert word == b"pid"
        return int(pid)

    def acknowledged(self) -> int:
        """Wait for the writer's next acknowledgement: how many of its writes are on disk."""
        return int(self.process.stdout.readline())

    def kill(self, pid: int) -> list[int]:
        """SIGKILL the writer (alive until killed), and the acknowledgements it printed before it died."""
        os.kill(pid, signal.SIGKILL)
        acks = []
        # The server's "exit" starts a new line unless the kill cut an acknowledgement short,
        # and a number cut off by the kill was not an acknowledgement.
        while not (line := self.process.stdout.readline()).endswith(b"exit\n"):
            acks.append(int(line))
        return acks

    def close(self) -> None:
        """Stop the server once its last writer is gone."""
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def servers() -> Iterator[list[WriterServer]]:
    """One writer server per writer run at a time."""
    started = [WriterServer() for _ in range(CONCURRENT_WRITERS)]
    yield started
    for server in started:
        server.close()


def saved_state(path: Path) -> dict:
    """The cohort file's tables, less the wall-clock time each session was saved at, which no two runs share."""
    tables = json.loads(path.read_bytes())
    for session in tables.get("sessions", {}).values():
        session.pop("logged_at", None)
    return tables


def record_writes(server: WriterServer, scenario: str, folder: Path) -> Writes:
    """Run the scenario's writer to the end twice, keeping the file after every write and timing each write.

    The two runs must leave the same states, or comparing killed runs with them would prove nothing;
    the timings are the second run's, when the server and the disk are warm.
    """
    start = folder / "start.json"
    pairs, unpaired = STARTS[scenario]
    starting_cohort(start, pairs=pairs, unpaired=unpaired)
    runs = [_record_run(server, scenario, start, folder / f"recorded{n}") for n in (1, 2)]
    assert runs[0][0] == runs[1][0], "the writes must give the same states every time"
    states, seconds = runs[1]
    assert all(before != after for before, after in pairwise(states)), "every write changes the file"
    return Writes(scenario, start, states, seconds)


def _record_run(server: WriterServer, scenario: str, start: Path, run: Path) -> tuple[list[dict], list[float]]:
    run.mkdir()
    shutil.copy(start, run / "cohort.json")
    pid = server.start(scenario, run / "cohort.json", record=run)
    times = [time.perf_counter()]
    try:
        for n in range(1, WRITES[scenario] + 1):
            assert server.acknowledged() == n
            times.append(time.perf_counter())
    finally:
        assert server.kill(pid) == []
    states = [saved_state(path) for path in [start, *(run / f"{n}.json" for n in range(1, len(times)))]]
    return states, [after - before for before, after in pairwise(times)]


@dataclass(frozen=True, slots=True)
class Kill:
    """One writer killed: its file and how many writes it had acknowledged."""

    path: Path
    acknowledged: int


def kill_a_writer(server: WriterServer, writes: Writes, folder: Path, after_acks: int, fraction: float) -> Kill:
    """On a fresh copy of the starting file, let a writer acknowledge ``after_acks`` writes, then SIGKILL it
    ``fraction`` of the way through the next write (as long as that write took when recorded)."""
    folder.mkdir()
    path = folder / "cohort.json"
    shutil.copy(writes.start, path)
    pid = server.start(writes.scenario, path)
    acks = []
    try:
        acks += [server.acknowledged() for _ in range(after_acks)]
        in_flight = writes.seconds[min(after_acks, len(writes.seconds) - 1)]
        time.sleep(fraction * in_flight)  # the random moment of the crash; this is the point of the test, not a wait
    finally:
        acks += server.kill(pid)
    assert acks == list(range(1, len(acks) + 1))
    return Kill(path, len(acks))


def assert_sound_after_kill(writes: Writes, kill: Kill, seed: int) -> None:
    """The file opens, passes ``rmtui check``, and holds every acknowledged write and nothing half-done."""
    which = f"{writes.scenario}, killed after {kill.acknowledged} acknowledged writes (random seed {seed})"
    with CohortStore.open(kill.path, today=lambda: TODAY):  # opens for writing: the dead writer's lock is free
        pass
    leftovers = [p.name for p in kill.path.parent.iterdir() if p.suffix == ".tmp"]
    assert leftovers == [], f"{which}: opening the file again leaves the cut-short write's temporary file"
    result = CliRunner().invoke(main, ["--db", str(kill.path), "check"], env={"RMTUI_DB": ""})
    assert result.exit_code == 0 and "all is well" in result.output, f"{which}: {result.output}"
    saved = saved_state(kill.path)
    allowed = writes.states[kill.acknowledged : kill.acknowledged + 2]  # the last acknowledged, or the one in flight
    assert saved in allowed, f"{which}: the file holds neither the last acknowledged state nor the next"


@pytest.mark.parametrize("scenario", list(WRITES))
def test_a_writer_killed_at_a_random_moment_leaves_the_last_acknowledged_state_or_the_next(
    tmp_path: Path, servers: list[WriterServer], scenario: str
) -> None:
    writes = record_writes(servers[0], scenario, tmp_path)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    # Each kill waits for a random number of acknowledgements (none: it lands while the file is
    # opened and backed up), then strikes at a random point of the next write, or just after it.
    plans = [(rng.randint(0, WRITES[scenario]), rng.uniform(0, 1.2)) for _ in range(KILLS_PER_SCENARIO)]
    folders = [tmp_path / f"kill{n}" for n in range(len(plans))]

    def kill_in_turn(server: WriterServer, turn: int) -> list[Kill]:
        mine = range(turn, len(plans), len(servers))
        return [kill_a_writer(server, writes, folders[n], *plans[n]) for n in mine]

    with ThreadPoolExecutor(len(servers)) as pool:
        kills = [kill for batch in pool.map(kill_in_turn, servers, range(len(servers))) for kill in batch]
    assert len(kills) == KILLS_PER_SCENARIO
    for kill in kills:
        assert_sound_after_kill(writes, kill, seed)
    # The kills must really cut writers short, not find them all finished.
    cut_short = sum(kill.acknowledged < WRITES[scenario] for kill in kills)
    assert cut_short >= KILLS_PER_SCENARIO // 2, (seed, sorted(kill.acknowledged for kill in kills))
