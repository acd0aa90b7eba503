"""Shared helpers for unit tests: run the CLI in-process and write small config trees."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cicache.cli.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "monorepo"


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run `cicache ARGS` in-process, outside any CI (no provider env leaks in)."""
    for var in ("GITHUB_ACTIONS", "GITLAB_CI", "GITHUB_OUTPUT", "CICACHE_CONFIG", "CI"):
        monkeypatch.delenv(var, raising=False)

    def run(*args: str) -> Result:
        with pytest.raises(SystemExit) as exc:
            main(list(args))
        captured = capsys.readouterr()
        code = exc.value.code if isinstance(exc.value.code, int) else 1
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """Write files (dedented) into a temp project, chdir there, and return its root."""
    monkeypatch.chdir(tmp_path)

    def write(**files: str) -> Path:
        for name, text in files.items():
            path = tmp_path / name.replace("__", "/")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"))
        return tmp_path

    return write
