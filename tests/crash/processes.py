"""The processes the crash test kills: the app under gunicorn and the plain writer."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.crash.ledger import Ledger
from tests.crash.web import GONE, Browser

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WRITER_ENTRY = "logbook entry (writer)"
WRITER_MESSAGE = "message (writer)"
WRITER_READ = "conversation read (writer)"


def kill_group(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """kill -9 the process and everything in its process group, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


class Server:
    """The portal under gunicorn (2 sync workers) on a loopback port, in its own group."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port = port
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start gunicorn on the same database; the workers share its process group."""
        command = [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--timeout",
            "30",
            "wsgi:app",
        ]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=out, start_new_session=True
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until a worker answers the login page."""
        assert self.process is not None
        deadline = time.monotonic() + timeout
        probe = Browser(self.port, timeout=5)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}: {self.log}")
            try:
                if probe.get("/inloggen").status == 200:
                    return
            except GONE:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: {self.log}")

    def kill(self) -> None:
        """kill -9 the master and its workers."""
        assert self.process is not None
        kill_group(self.process)

    def stop(self) -> None:
        """Stop gracefully (SIGTERM) at the end of the run."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            kill_group(self.process)


class Writers:
    """The host of the writer processes (tests.crash.writer); their commits go in the ledger."""

    def __init__(
        self, ledger: Ledger, env: dict[str, str], ids: tuple[int, int], log: Path
    ) -> None:
        self.ledger = ledger
        self.employee_id = ids[0]
        #: Days the current writer tried; the next one starts before the earliest.
        self.days: list[str] = []
        self.pid = 0
        self.answers: queue.Queue[list[str]] = queue.Queue()
        with log.open("a") as errors:
            self.host = subprocess.Popen(
                [sys.executable, "-m", "tests.crash.writer", *map(str, ids)],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                start_new_session=True,
            )
        self.reader = threading.Thread(target=self._read, name="writer-output", daemon=True)
        self.reader.start()
        self._expect("ready", timeout=60)

    def _read(self) -> None:
        assert self.host.stdout is not None
        for line in self.host.stdout:
            words = line.split()
            if words and words[0] in ("ready", "forked", "synced"):
                self.answers.put(words)
            else:
                self._take(words)

    def _take(self, words: list[str]) -> None:
        ledger = self.ledger
        match words:
            case ["try", "entry", day, energy, note]:
                self.days.append(day)
                ledger.try_entry(WRITER_ENTRY, self.employee_id, day, int(energy), note)
            case ["ok", "entry", day]:
                ledger.ack_entry(WRITER_ENTRY, self.employee_id, day)
            case ["try", "message", conversation, body]:
                ledger.try_message(WRITER_MESSAGE, int(conversation), body)
            case ["ok", "message", conversation, body]:
                ledger.ack_message(WRITER_MESSAGE, int(conversation), body)
            case ["try", "read", conversation]:
                ledger.try_read(WRITER_READ, "conversation.read", int(conversation))
            case ["ok", "read", conversation, seq]:
                ledger.ack_read(WRITER_READ, "conversation.read", int(conversation), int(seq))
            case _:
                ledger.bad_answer(f"writer printed {' '.join(words)!r}")

    def _send(self, line: str) -> None:
        assert self.host.stdin is not None
        self.host.stdin.write(line + "\n")
        self.host.stdin.flush()

    def _expect(self, word: str, timeout: float = 30) -> list[str]:
        try:
            answer = self.answers.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(f"the writer host did not say {word!r}") from None
        if answer[0] != word:
            raise RuntimeError(f"the writer host said {answer}, expected {word!r}")
        return answer

    def start(self, tag: str, first_day: str) -> None:
        """Start a writer process writing first_day and the days before it."""
        self.days = []
        self._send(f"fork {tag} {first_day}")
        self.pid = int(self._expect("forked")[1])

    def kill(self) -> None:
        """kill -9 the writer, then take in everything it printed before it died."""
        os.kill(self.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)  # the host reaps it at once (SIGCHLD ignored)
            except ProcessLookupError:
                break
            time.sleep(0.005)
        else:
            raise RuntimeError(f"writer {self.pid} still exists after kill -9")
        self._send("sync")
        self._expect("synced")

    def close(self) -> None:
        """Stop the host (and a writer still running)."""
        if self.host.poll() is None:
            kill_group(self.host)
