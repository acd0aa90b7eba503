"""Transfer progress: bytes and rate, as periodic plain lines (every 10 s in CI, 2 s on a
terminal) and one summary line at the end."""

from __future__ import annotations

import time

from cicache import console
from cicache.console import human_size

__all__ = ["Progress"]


class Progress:
    def __init__(self, label: str, *, quiet: bool = False) -> None:
        self.label, self.quiet = label, quiet
        self.total = 0
        self.start = self._last = time.monotonic()
        self.interval = 10.0 if console.in_ci() or not console.is_terminal() else 2.0

    def __call__(self, n: int) -> None:
        self.total += n
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self._line("…")

    def rate(self) -> float:
        return self.total / max(time.monotonic() - self.start, 1e-6)

    def _line(self, suffix: str) -> None:
        if not self.quiet:
            rate = human_size(self.rate())
            console.step(f"{self.label}: {human_size(self.total)} at {rate}/s {suffix}".rstrip())

    def done(self, detail: str = "") -> None:
        elapsed = time.monotonic() - self.start
        self._line(f"in {elapsed:.1f}s{detail}")
