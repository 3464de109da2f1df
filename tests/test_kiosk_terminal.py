"""Pair mode in a real terminal: no key a pair can press ends or suspends it, even while it is still loading."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from rmtui.cli.access import KEY_SIGNALS, keys_send_no_signals
from rmtui.core.access import set_coordinator_passphrase
from rmtui.core.store import CohortStore

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads the process's signal state from /proc")

# ctrl+c, ctrl+\ and ctrl+z: SIGINT, SIGQUIT and SIGTSTP where the terminal turns keys into signals.
SIGNAL_KEYS = b"\x03\x1c\x1a"
SIGINT_BIT = 1 << (2 - 1)
COORDINATOR = "harbour lights over the slipway"


def proc_status(pid: int, field: str) -> str:
    """One field of /proc/PID/status ('SigIgn', 'State')."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return value.strip()
    raise AssertionError(f"/proc/{pid}/status has no {field}")


def drain(master: int, screen: bytearray, seconds: float) -> None:
    """Read what pair mode draws for a while, so that it never blocks on a full terminal."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if select.select([master], [], [], left)[0]:
            try:
                screen += os.read(master, 65536)
            except OSError:  # the far end closed: the process ended
                return


def make_controlling_terminal() -> None:
    """In the child, after setsid: the pseudo-terminal on standard input becomes its terminal, as a login's is."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_no_key_ends_or_suspends_pair_mode_while_it_loads_or_runs(demo_path: Path) -> None:
    with CohortStore.open(demo_path) as store:
        set_coordinator_passphrase(store, COORDINATOR, COORDINATOR)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "rmtui", "--db", str(demo_path), "kiosk"],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True, preexec_fn=make_controlling_terminal,
        env={**os.environ, "TERM": "xterm-256color", "RMTUI_DB": ""},
    )  # fmt: skip
    os.close(slave)
    screen = bytearray()
    try:
        # Wait for pair mode to take the keys' signals away: from then on, before its first screen too,
        # ctrl+c, ctrl+\ and ctrl+z must do nothing that ends or stops it.
        deadline = time.monotonic() + 60
        while not int(proc_status(process.pid, "SigIgn"), 16) & SIGINT_BIT:
            assert process.poll() is None, f"pair mode ended while starting: {bytes(screen)!r}"
            assert time.monotonic() < deadline, "pair mode never stopped ctrl+c from ending it"
            drain(master, screen, 0.005)
        # The terminal stops turning those keys into signals at once, well before pair mode's first screen
        # reads keys raw: after a crash, Textual's own ctrl+z handler would otherwise suspend it.
        deadline = time.monotonic() + 0.2
        while termios.tcgetattr(master)[3] & termios.ISIG:
            assert time.monotonic() < deadline, "the terminal still turns ctrl+c, ctrl+\\ and ctrl+z into signals"
            drain(master, screen, 0.001)
        for _ in range(150):
            os.write(master, SIGNAL_KEYS)
            drain(master, screen, 0.02)
        drain(master, screen, 1.0)
        assert process.poll() is None, f"a key ended pair mode (exit {process.returncode})"
        assert proc_status(process.pid, "State")[0] != "T", "a key suspended pair mode"
        assert b"pair mode" in screen, "pair mode drew its pair list"
    finally:
        process.kill()
        process.wait()
        os.close(master)


def test_leaving_pair_mode_gives_the_terminal_its_keys_back(monkeypatch: pytest.MonkeyPatch) -> None:
    master, slave = pty.openpty()
    with os.fdopen(slave, "r") as terminal, os.fdopen(master, "rb"):
        monkeypatch.setattr(sys, "stdin", terminal)
        handlers = [signal.getsignal(number) for number in KEY_SIGNALS]
        with keys_send_no_signals():
            assert not termios.tcgetattr(terminal)[3] & termios.ISIG
            assert all(signal.getsignal(number) is signal.SIG_IGN for number in KEY_SIGNALS)
        # The coordinator's view, and the shell after it when rmtui was not started with exec, behave as before.
        assert termios.tcgetattr(terminal)[3] & termios.ISIG
        assert [signal.getsignal(number) for number in KEY_SIGNALS] == handlers
