"""Image builds and native cache steps found in job runs, rendered for one run each.

A `Build` comes from `docker/build-push-action`, `docker/bake-action` (`set:` overrides) or a
`docker buildx build|bake` / `docker build` command in a `run:` script. Each cache spec keeps
the workflow line it came from, so a finding can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from cicache.lint import interp
from cicache.lint.bakefile import BakeFile
from cicache.lint.expr import ExprError
from cicache.lint.runs import JobRun
from cicache.lint.workflow import Scalar, Step

__all__ = ["Build", "CacheSpec", "NativeCache", "builds_of", "locate", "native_caches_of", "opaque"]

_UNKNOWN = re.compile(r"\$\{\{.*?\}\}")
_CICACHE_NATIVE = re.compile(r"\bcicache\s+(restore|save)\b")


@dataclass(frozen=True)
class CacheSpec:
    """One `--cache-from`/`--cache-to` value: `type=registry,ref=...,mode=max`."""

    attrs: dict[str, str]
    line: int
    column: int
    path: str = ""  # the file it is written in, when not the workflow (a bake file)

    @property
    def type(self) -> str:
        return self.attrs.get("type", "registry")

    @property
    def ref(self) -> str:
        return self.attrs.get("ref", "")

    @staticmethod
    def parse(text: str, line: int, column: int) -> CacheSpec:
        if "=" not in text:  # a bare ref means type=registry
            return CacheSpec({"type": "registry", "ref": text.strip()}, line, column)
        pairs = [p.partition("=") for p in _csv(text)]
        return CacheSpec({k.strip(): v.strip() for k, _, v in pairs}, line, column)


def _csv(text: str) -> list[str]:
    """Split on commas outside double quotes (buildx allows `"ref=a,b"`)."""
    out: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return [p for p in out if p.strip()]


@dataclass(frozen=True)
class Build:
    run: JobRun
    step: Step
    runs: bool | None
    cache_from: tuple[CacheSpec, ...]
    cache_to: tuple[CacheSpec, ...]
    build_args: dict[str, tuple[str, int, int]]  # name -> (rendered value, line, column)
    args_opaque: bool  # some build args are computed at run time (e.g. by `cicache plan`)
    platforms: tuple[str, ...]
    dockerfile: str | None  # relative to the root; None when not statically known
    line: int
    column: int
    args_file: str = ""  # where `build_args` positions point, when not the workflow
    cache_to_opaque: bool = False  # some `cache-to` is computed at run time (`cicache plan`)

    def where(self, spec: CacheSpec) -> str:
        """The file a cache spec of this build is written in."""
        return spec.path or self.run.workflow.path


@dataclass(frozen=True)
class NativeCache:
    run: JobRun
    step: Step
    runs: bool | None
    action: str  # "cache" | "restore" | "save"
    paths: tuple[str, ...]  # empty for `cicache restore|save`: the config's [native] paths
    env: dict[str, str]
    tool: str = "actions/cache"  # or "cicache"


def locate(lines: tuple[str, ...], start: int, needle: str, span: int = 400) -> tuple[int, int]:
    """The first (line, column) at or after line `start` where `needle` occurs."""
    needle = needle.strip()
    for n in range(max(start, 1), min(start + span, len(lines)) + 1):
        col = lines[n - 1].find(needle) if needle else -1
        if col >= 0:
            return n, col + 1
    return start, 1


def _render(text: str, ctx: dict[str, Any]) -> str:
    try:
        return interp.render(text, ctx)
    except ExprError:
        return text


def opaque(text: str) -> bool:
    """Nothing but run-time values (`${{ steps.plan.outputs.cache-to }}`): cannot be judged."""
    return "${{" in text and not _UNKNOWN.sub("", text).strip()


def _items(
    scalar: Scalar | None, ctx: dict[str, Any], lines: tuple[str, ...], split_commas: bool = False
) -> list[tuple[str, int, int]]:
    """Rendered list items of a multi-line input, each with the position of its raw line.

    Items made only of run-time values are dropped: another step computes them (for
    example `cicache plan`), and the config checks judge what that step will produce.
    """
    if scalar is None:
        return []
    out: list[tuple[str, int, int]] = []
    for raw in scalar.text.splitlines():
        if not raw.strip():
            continue
        line, col = locate(lines, scalar.line, raw)
        for item in _render(raw, ctx).splitlines():
            parts = item.split(",") if split_commas else [item]
            out.extend((p.strip(), line, col) for p in parts if p.strip() and not opaque(p))
    return out


def _any_opaque(scalar: Scalar | None, ctx: dict[str, Any]) -> bool:
    lines = scalar.text.splitlines() if scalar else []
    return any(opaque(_render(raw, ctx)) for raw in lines)


def _from_action(run: JobRun, step: Step, ctx: dict[str, Any]) -> Build:
    lines, w = run.workflow.lines, step.with_
    args = {}
    for raw, line, col in _items(w.get("build-args"), ctx, lines):
        name, _, val = raw.partition("=")
        args[name.strip()] = (val, line, col)
    context = _render(w["context"].text, ctx).strip() if "context" in w else "."
    file = _render(w["file"].text, ctx).strip() if "file" in w else f"{context}/Dockerfile"
    return Build(
        run, step, run.step_runs(step),
        cache_from=tuple(CacheSpec.parse(*i) for i in _items(w.get("cache-from"), ctx, lines)),
        cache_to=tuple(CacheSpec.parse(*i) for i in _items(w.get("cache-to"), ctx, lines)),
        build_args=args,
        args_opaque=_any_opaque(w.get("build-args"), ctx),
        cache_to_opaque=_any_opaque(w.get("cache-to"), ctx),
        platforms=tuple(p for p, _, _ in _items(w.get("platforms"), ctx, lines, True)),
        dockerfile=_normal(file), line=step.uses.line if step.uses else step.line,
        column=step.uses.column if step.uses else step.column,
    )  # fmt: skip


def _normal(path: str) -> str | None:
    if "${{" in path or "$" in path:
        return None
    parts: list[str] = []
    for part in path.replace("\\", "/").split("/"):
        if part in {"", "."}:
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or None


def builds_of(run: JobRun, bakefiles: Mapping[str, BakeFile]) -> Iterator[Build]:
    from cicache.lint.bake import bake_builds, bake_call_of_action  # siblings that build on this
    from cicache.lint.buildx import builds_in_script

    for step in run.job.steps:
        if not step.action.startswith("docker/") and "docker" not in (
            step.run.text if step.run else ""
        ):
            continue
        ctx = run.context(step)
        if step.action.startswith("docker/build-push-action"):
            yield _from_action(run, step, ctx)
        elif step.action.startswith("docker/bake-action"):
            yield from bake_builds(run, step, bake_call_of_action(step), bakefiles)
        elif step.run is not None and "docker" in step.run.text:
            yield from builds_in_script(run, step, _render(step.run.text, ctx), bakefiles)


def native_caches_of(run: JobRun) -> Iterator[NativeCache]:
    kinds = {
        "actions/cache": "cache",
        "actions/cache/restore": "restore",
        "actions/cache/save": "save",
    }
    for step in run.job.steps:
        kind = kinds.get(step.action)
        tool = _CICACHE_NATIVE.search(step.run.text) if step.run else None
        if kind is None and tool is None:
            continue
        ctx = run.context(step)
        paths = tuple(p for p, _, _ in _items(step.with_.get("path"), ctx, run.workflow.lines))
        env = {k: str(v) for k, v in ctx["env"].items()}
        if tool is not None:
            yield NativeCache(run, step, run.step_runs(step), tool.group(1), (), env, "cicache")
        elif kind is not None:
            yield NativeCache(run, step, run.step_runs(step), kind, paths, env)
