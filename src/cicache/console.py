"""The only module that prints.

Data goes to stdout; everything else (errors, warnings, hints, progress) goes to stderr with
an `error:` / `warning:` / `hint:` / `notice:` prefix, so output reads right without colour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TextIO

__all__ = [
    "data",
    "error",
    "hint",
    "human_size",
    "in_ci",
    "is_terminal",
    "notice",
    "progress_bar",
    "step",
    "table",
    "warning",
]


def is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def data(text: str = "", *, end: str = "\n") -> None:
    """Machine-readable output: stdout, nothing else mixed in."""
    sys.stdout.write(text + end)
    sys.stdout.flush()


def _err(prefix: str, message: str) -> None:
    sys.stderr.write(f"{prefix}{message}\n")
    sys.stderr.flush()


def error(message: str) -> None:
    """Each line of a multi-line message (several config problems) is its own `error:` line."""
    for line in message.splitlines() or [""]:
        _err("error: ", line)


def warning(message: str) -> None:
    _err("warning: ", message)


def hint(message: str) -> None:
    _err("hint: ", message)


def notice(message: str) -> None:
    _err("notice: ", message)


def step(message: str) -> None:
    """One plain progress line (what a CI log wants)."""
    _err("", message)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, title: str = "") -> None:
    """A table on stdout: rich on a terminal, plain aligned columns otherwise (stable bytes)."""
    if is_terminal():
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title or None, show_lines=False)
        for header in headers:  # never cut a ref or digest with an ellipsis: fold it
            t.add_column(header, overflow="fold")
        for row in rows:
            t.add_row(*row)
        Console().print(t)
        return
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [title] if title else []
    for row in [list(headers), *rows]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    data("\n".join(lines))


def human_size(n: float) -> str:
    """Decimal units, like the budgets people write (`10GB` is 10**10 bytes)."""
    for unit in ("B", "kB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on an interactive stderr; nothing in CI logs or pipes.

    Yields `update(done, total)`, or None where no bar is shown.
    """
    if not is_terminal(sys.stderr) or in_ci():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
