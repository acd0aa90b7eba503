"""The only module that prints.

Data goes to stdout; everything else (errors, warnings, hints, progress) goes to stderr with
an `error:` / `warning:` / `hint:` / `notice:` prefix, so output reads right without colour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

__all__ = [
    "data",
    "error",
    "hint",
    "in_ci",
    "is_terminal",
    "notice",
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
