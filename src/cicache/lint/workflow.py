"""GitHub workflow files parsed into frozen dataclasses whose values keep line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cicache.errors import ConfigError
from cicache.lint import yamlfile
from cicache.lint.matrix import MatrixEntry, expand

__all__ = ["Job", "Scalar", "Step", "Workflow", "parse_workflow"]


@dataclass(frozen=True)
class Scalar:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Step:
    index: int
    line: int
    column: int
    id: str | None = None
    name: str | None = None
    uses: Scalar | None = None
    run: Scalar | None = None
    if_: Scalar | None = None
    with_: dict[str, Scalar] = field(default_factory=dict)
    env: dict[str, Scalar] = field(default_factory=dict)

    @property
    def action(self) -> str:
        """`owner/repo[/path]` without the `@ref`, lower-case ('' for a `run:` step)."""
        return self.uses.text.split("@", 1)[0].strip().lower() if self.uses else ""


@dataclass(frozen=True)
class Job:
    id: str
    line: int
    column: int
    if_: Scalar | None
    runs_on: Any
    env: dict[str, Scalar]
    matrix: tuple[MatrixEntry, ...] | None  # None: no strategy.matrix
    matrix_expr: Scalar | None  # `matrix: ${{ fromJSON(...) }}`: filled from config
    steps: tuple[Step, ...]
    uses: Scalar | None  # a reusable workflow call
    with_: dict[str, Scalar]
    needs: tuple[str, ...]


@dataclass(frozen=True)
class Workflow:
    path: str
    triggers: tuple[str, ...]
    env: dict[str, Scalar]
    jobs: tuple[Job, ...]
    inputs: dict[str, Any]  # workflow_call / workflow_dispatch input defaults
    lines: tuple[str, ...]


def _scalar(node: Any, key: str) -> Scalar | None:
    if not isinstance(node, dict) or key not in node or node[key] is None:
        return None
    raw = node[key]
    text = raw if isinstance(raw, str) else _yaml_text(raw)
    return Scalar(str(text), *yamlfile.value_pos(node, key))


def _yaml_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, list):
        return "\n".join(str(v) for v in raw)
    return "" if raw is None else str(raw)


def _scalars(node: Any, key: str) -> dict[str, Scalar]:
    inner = node.get(key) if isinstance(node, dict) else None
    if not isinstance(inner, dict):
        return {}
    return {str(k): s for k in inner if (s := _scalar(inner, k)) is not None}


def _triggers(on: Any) -> tuple[str, ...]:
    if isinstance(on, str):
        return (on,)
    if isinstance(on, list | dict):
        return tuple(str(t) for t in on)
    return ()


def _inputs(on: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(on, dict):
        return out
    for event in ("workflow_call", "workflow_dispatch"):
        spec = on.get(event)
        inputs = spec.get("inputs") if isinstance(spec, dict) else None
        for name, decl in (inputs or {}).items():
            if isinstance(decl, dict) and "default" in decl:
                out[str(name)] = yamlfile.plain(decl["default"])
    return out


def _step(steps: Any, index: int) -> Step:
    node = steps[index]
    line, col = yamlfile.item_pos(steps, index)
    if not isinstance(node, dict):
        return Step(index, line, col)
    ident = node.get("id")
    return Step(
        index, line, col,
        id=str(ident) if ident is not None else None,
        name=str(node["name"]) if node.get("name") is not None else None,
        uses=_scalar(node, "uses"), run=_scalar(node, "run"), if_=_scalar(node, "if"),
        with_=_scalars(node, "with"), env=_scalars(node, "env"),
    )  # fmt: skip


def _generated(strategy: Any, matrix: Any) -> Scalar | None:
    """`matrix: ${{ fromJSON(x) }}` or `matrix: {include: ${{ fromJSON(x) }}}`."""
    if isinstance(matrix, str):
        return _scalar(strategy, "matrix")
    dynamic = isinstance(matrix, dict) and isinstance(matrix.get("include"), str)
    if dynamic and set(matrix) <= {"include", "exclude"}:
        return _scalar(matrix, "include")
    return None


def _job(jobs: Any, job_id: str, path: str) -> Job:
    node = jobs[job_id]
    node = node if isinstance(node, dict) else {}
    strategy = node.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    steps = node.get("steps")
    steps = steps if isinstance(steps, list) else []
    needs = node.get("needs")
    generated = _generated(strategy, matrix)
    return Job(
        id=job_id, line=yamlfile.key_pos(jobs, job_id)[0], column=yamlfile.key_pos(jobs, job_id)[1],
        if_=_scalar(node, "if"), runs_on=yamlfile.plain(node.get("runs-on")),
        env=_scalars(node, "env"),
        matrix=expand(matrix, path) if isinstance(matrix, dict) and not generated else None,
        matrix_expr=generated,
        steps=tuple(_step(steps, i) for i in range(len(steps))),
        uses=_scalar(node, "uses"), with_=_scalars(node, "with"),
        needs=tuple([needs] if isinstance(needs, str) else [str(n) for n in needs or []]),
    )  # fmt: skip


def parse_workflow(root: Path, rel: str) -> Workflow:
    """Parse `root/rel`; positions are 1-based, paths stay relative to `root`."""
    file = root / rel
    doc = yamlfile.load(file, rel)
    if not isinstance(doc, dict):
        raise ConfigError(f"{rel}: a workflow must be a mapping")
    jobs = doc.get("jobs")
    jobs = jobs if isinstance(jobs, dict) else {}
    return Workflow(
        path=rel,
        triggers=_triggers(doc.get("on", doc.get(True))),
        env=_scalars(doc, "env"),
        jobs=tuple(_job(jobs, str(j), rel) for j in jobs),
        inputs=_inputs(doc.get("on")),
        lines=tuple(file.read_text(encoding="utf-8").splitlines()),
    )
