"""`docker buildx build` / `docker build` commands inside `run:` scripts, as `Build`s."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping

from cicache.lint.bake import bake_builds, bake_call_of_args
from cicache.lint.bakefile import BakeFile
from cicache.lint.builds import Build, CacheSpec, _normal, opaque
from cicache.lint.runs import JobRun
from cicache.lint.workflow import Step

__all__ = ["builds_in_script"]

_BOOLEAN = {
    "--load",
    "--push",
    "--pull",
    "--no-cache",
    "-q",
    "--quiet",
    "--rm",
    "--debug",
    "--check",
}
_SEPARATORS = re.compile(r"\n|&&|\|\||;|\|")
_BUILD = (("buildx", "build"), ("buildx", "b"), ("build",), ("image", "build"))


def _tokens(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _build_args(tokens: list[str]) -> list[str] | None:
    """The arguments after `docker buildx build` (or a synonym), None if not a build."""
    for i, tok in enumerate(tokens):
        if tok == "docker" or tok.endswith("/docker"):
            rest = tokens[i + 1 :]
            for sub in _BUILD:
                if tuple(rest[: len(sub)]) == sub:
                    return rest[len(sub) :]
    return None


def _bake_args(tokens: list[str]) -> list[str] | None:
    for i, tok in enumerate(tokens):
        if (tok == "docker" or tok.endswith("/docker")) and tokens[i + 1 : i + 3] == [
            "buildx",
            "bake",
        ]:
            return tokens[i + 3 :]
    return None


def _flags(args: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    flags: dict[str, list[str]] = {}
    positional: list[str] = []
    i = 0
    while i < len(args):
        tok = args[i]
        if tok.startswith("-") and "=" in tok:
            name, _, val = tok.partition("=")
            flags.setdefault(name, []).append(val)
        elif tok.startswith("-") and tok not in _BOOLEAN and i + 1 < len(args):
            flags.setdefault(tok, []).append(args[i + 1])
            i += 1
        elif not tok.startswith("-"):
            positional.append(tok)
        i += 1
    return flags, positional


def _occurrences(lines: tuple[str, ...], start: int, needle: str) -> list[tuple[int, int]]:
    found = []
    for n in range(start, min(start + 400, len(lines)) + 1):
        col = lines[n - 1].find(needle)
        while col >= 0:
            found.append((n, col + 1))
            col = lines[n - 1].find(needle, col + 1)
    return found


class _Positions:
    """Where the n-th occurrence of a flag sits in the workflow (flags are found in order)."""

    def __init__(self, lines: tuple[str, ...], start: int, column: int) -> None:
        self.lines, self.start, self.column = lines, start, column
        self.seen: dict[str, int] = {}

    def __call__(self, flag: str) -> tuple[int, int]:
        spots = _occurrences(self.lines, self.start, flag)
        k = self.seen[flag] = self.seen.get(flag, -1) + 1
        return spots[k] if k < len(spots) else (self.start, self.column)


def _specs(values: list[str], flag: str, pos: _Positions) -> tuple[CacheSpec, ...]:
    """Parsed specs; values computed at run time are skipped (but keep their position)."""
    spots = [(v, pos(flag)) for v in values]
    return tuple(CacheSpec.parse(v, *where) for v, where in spots if not opaque(v))


def _build(run: JobRun, step: Step, args: list[str], pos: _Positions) -> Build:
    flags, positional = _flags(args)
    cache_from = _specs(flags.get("--cache-from", []), "--cache-from", pos)
    cache_to = _specs(flags.get("--cache-to", []), "--cache-to", pos)
    build_args = {}
    for value in flags.get("--build-arg", []):
        name, _, val = value.partition("=")
        build_args[name] = (val, *pos("--build-arg"))
    context = positional[0] if positional else "."
    file = (flags.get("-f") or flags.get("--file") or [f"{context}/Dockerfile"])[-1]
    platforms = tuple(p for v in flags.get("--platform", []) for p in v.split(",") if p)
    return Build(
        run, step, run.step_runs(step), cache_from, cache_to, build_args,
        any("${{" in v for v in flags.get("--build-arg", [])), platforms,
        _normal(file), pos.start, pos.column,
        cache_to_opaque=any(opaque(v) for v in flags.get("--cache-to", [])),
    )  # fmt: skip


def builds_in_script(
    run: JobRun, step: Step, script: str, bakefiles: Mapping[str, BakeFile]
) -> Iterator[Build]:
    """Builds in a rendered `run:` script; positions come from the raw workflow lines."""
    assert step.run is not None
    pos = _Positions(run.workflow.lines, step.run.line, step.run.column)
    for command in _SEPARATORS.split(re.sub(r"\\\n", " ", script)):
        if "docker" not in command:
            continue
        tokens = _tokens(command)
        if (bake := _bake_args(tokens)) is not None:
            call = bake_call_of_args(bake, pos("bake")[0])
            yield from bake_builds(run, step, call, bakefiles)
        elif (args := _build_args(tokens)) is not None:
            yield _build(run, step, args, pos)
