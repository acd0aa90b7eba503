"""`docker buildx bake` and `docker/bake-action` steps, as one `Build` per bake target.

Cache specs and args keep the bake file's lines; `--set`/`set:` overrides
(`target.cache-to=...`, `*.args.X=...`) keep the workflow's.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from cicache.lint.bakefile import BakeFile, BakeTarget, Value
from cicache.lint.builds import Build, CacheSpec, _normal
from cicache.lint.runs import JobRun
from cicache.lint.workflow import Step

__all__ = ["DEFAULT_FILES", "BakeCall", "bake_builds"]

DEFAULT_FILES = (
    "docker-bake.json",
    "docker-bake.hcl",
    "docker-bake.override.json",
    "docker-bake.override.hcl",
)


@dataclass(frozen=True)
class BakeCall:
    files: tuple[str, ...]
    targets: tuple[str, ...]
    sets: tuple[tuple[str, int, int], ...]  # `pattern.key=value` with its workflow position


def bake_call_of_action(step: Step) -> BakeCall:
    w = step.with_

    def items(key: str) -> list[tuple[str, int, int]]:
        scalar = w.get(key)
        if scalar is None:
            return []
        text = scalar.text if key == "set" else scalar.text.replace(",", "\n")
        raw = [t.strip() for t in text.splitlines() if t.strip()]
        return [
            (t, scalar.line + (0 if "\n" not in scalar.text else 1 + n), 1)
            for n, t in enumerate(raw)
        ]

    sets = [(t, line, col) for t, line, col in items("set")]
    files = tuple(t for t, _, _ in items("files")) or DEFAULT_FILES
    return BakeCall(files, tuple(t for t, _, _ in items("targets")), tuple(sets))


def bake_call_of_args(args: list[str], line: int) -> BakeCall:
    files: list[str] = []
    targets: list[str] = []
    sets: list[str] = []
    i = 0
    while i < len(args):
        tok = args[i]
        name, eq, val = tok.partition("=")
        if name in {"-f", "--file", "--set"}:
            if not eq and i + 1 < len(args):
                val, i = args[i + 1], i + 1
            (files if name != "--set" else sets).append(val)
        elif not tok.startswith("-"):
            targets.append(tok)
        i += 1
    return BakeCall(
        tuple(files) or DEFAULT_FILES, tuple(targets), tuple((s, line, 1) for s in sets)
    )


def _override(
    target: BakeTarget, sets: tuple[tuple[str, int, int], ...], path: str
) -> tuple[dict[str, list[Value]], dict[str, Value], dict[str, str]]:
    attrs = dict(target.attrs)
    args = dict(target.args)
    where: dict[str, str] = {}
    for text, line, col in sets:
        key, _, value = text.partition("=")
        pattern, _, field = key.partition(".")
        if not fnmatch.fnmatchcase(target.name, pattern):
            continue
        if field.startswith("args."):
            args[field[5:]] = Value(value, line, col)
            where["args"] = path
        else:
            attrs[field] = (
                [Value(v, line, col) for v in value.split(",")]
                if field == "platform"
                else [Value(value, line, col)]
            )
            where[field] = path
    return attrs, args, where


def _specs(attrs: dict[str, list[Value]], key: str, path: str) -> tuple[CacheSpec, ...]:
    return tuple(
        replace(CacheSpec.parse(v.text, v.line, v.column), path=path) for v in attrs.get(key, [])
    )


def _build(run: JobRun, step: Step, bake: BakeFile, target: BakeTarget, call: BakeCall) -> Build:
    attrs, args, overridden = _override(target, call.sets, run.workflow.path)
    path = {k: "" if k in overridden else bake.path for k in ("cache-from", "cache-to", "args")}
    context = (attrs.get("context") or [Value(".", 1, 1)])[0].text
    dockerfile = (attrs.get("dockerfile") or [Value("Dockerfile", 1, 1)])[0].text
    platforms = tuple(v.text for key in ("platforms", "platform") for v in attrs.get(key, []))
    return Build(
        run, step, run.step_runs(step),
        _specs(attrs, "cache-from", path["cache-from"]),
        _specs(attrs, "cache-to", path["cache-to"]),
        {k: (v.text, v.line, v.column) for k, v in args.items()},
        any("${" in v.text for v in args.values()), platforms,
        _normal(f"{context}/{dockerfile}"), step.line, step.column, args_file=path["args"],
    )  # fmt: skip


def bake_builds(
    run: JobRun, step: Step, call: BakeCall, files: Mapping[str, BakeFile]
) -> Iterator[Build]:
    for rel in call.files:
        bake = files.get(rel)
        if bake is None:
            continue
        for target in bake.resolve(list(call.targets)):
            yield _build(run, step, bake, target, call)
