"""Step outputs for GitHub Actions: `name=value` lines appended to `$GITHUB_OUTPUT`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from cicache.errors import UsageError

__all__ = ["write_github_outputs"]


def write_github_outputs(values: Mapping[str, str], env: Mapping[str, str] | None = None) -> bool:
    target = (os.environ if env is None else env).get("GITHUB_OUTPUT", "")
    if not target:
        return False
    for name, value in values.items():
        if "\n" in value or "\n" in name:
            raise UsageError(f"output `{name}` would span lines")
    try:
        with Path(target).open("a", encoding="utf-8") as f:
            f.writelines(f"{name}={value}\n" for name, value in values.items())
    except OSError as exc:
        raise UsageError(f"cannot write `$GITHUB_OUTPUT`: {exc.strerror}") from exc
    return True
