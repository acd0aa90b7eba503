"""Running a builder: one subprocess, its merged output read line by line as it comes.

The `Runner` protocol is the seam unit tests replace with a replay of recorded output, so
they spawn no process. Each line reaches `on_line` with the monotonic time it arrived,
which is how per-step durations are measured for builders that print no timings.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from cicache.errors import BuildError

__all__ = ["LineHandler", "Runner", "SubprocessRunner", "capture"]

LineHandler = Callable[[str, float], None]


class Runner(Protocol):
    def run(
        self,
        argv: Sequence[str],
        on_line: LineHandler,
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        """Run `argv`, hand every output line (stdout and stderr merged) to `on_line`,
        return the exit status."""
        ...


class SubprocessRunner:
    def run(
        self,
        argv: Sequence[str],
        on_line: LineHandler,
        *,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> int:
        full_env = {**os.environ, **(env or {})}
        try:
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=full_env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
                bufsize=1,
            )
        except OSError as exc:
            raise BuildError(f"cannot run `{argv[0]}`: {exc.strerror or exc}") from exc
        assert proc.stdout is not None
        with proc:
            for line in proc.stdout:
                on_line(line.rstrip("\n"), time.monotonic())
        return proc.returncode


def capture(argv: Sequence[str], timeout: float = 20.0) -> str | None:
    """Output of a quick probe (`buildah --version`), or None if it cannot run or fails."""
    try:
        done = subprocess.run(
            list(argv), capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
