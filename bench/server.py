"""Start and stop the portal under gunicorn on loopback, and read its error log."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from bench.settings import ROOT


class Server:
    """gunicorn with N sync workers serving bench.wsgi_bench:app on 127.0.0.1:port."""

    def __init__(self, database_url: str, port: int, workers: int = 2) -> None:
        self.database_url = database_url
        self.port = port
        self.workers = workers
        self.log = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "BENCH_DATABASE_URL": self.database_url}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(self.workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--error-logfile",
            str(self.log),
            "--log-level",
            "warning",
            "bench.wsgi_bench:app",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def worker_pids(self) -> list[int]:
        """Return the pids of the worker processes."""
        assert self.process is not None
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(x) for x in out.split()]

    def problems(self) -> dict[str, Any]:
        """Count what went wrong on the server side so far."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return {
            "database_is_locked": len(re.findall(r"database is locked", text)),
            "tracebacks": text.count("Traceback (most recent call last)"),
            "worker_timeouts": text.count("WORKER TIMEOUT"),
            "log": str(self.log),
        }

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
