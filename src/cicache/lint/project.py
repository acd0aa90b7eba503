"""Everything `cicache check` reads, loaded once: workflows, matrix files, Dockerfiles, scripts.

This is the I/O edge of the linter. Rules receive a loaded `Project` and stay pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cicache.errors import UsageError
from cicache.lint import matrix
from cicache.lint.bake import DEFAULT_FILES
from cicache.lint.bakefile import BakeFile, parse_bakefile
from cicache.lint.builds import Build, NativeCache, builds_of, native_caches_of
from cicache.lint.configured import (
    ConfigFile,
    PlannedEntry,
    config_file,
    planned_entries,
    used_targets,
)
from cicache.lint.dockerfile import Dockerfile, parse_dockerfile
from cicache.lint.matrix import MatrixEntry
from cicache.lint.runs import JobRun, job_runs
from cicache.lint.settings import MatrixSource, Settings
from cicache.lint.workflow import Job, Workflow, parse_workflow

__all__ = ["Project", "load_project"]

_SCRIPT = re.compile(
    r"(?<![\w$/.-])((?:\./)?[\w.-]+(?:/[\w.-]+)*\.(?:sh|bash|py|rb|pl|mjs|js|ts))\b"
)


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings
    workflows: dict[str, Workflow]
    matrices: dict[tuple[str, str], tuple[MatrixEntry, ...]]
    config_file: ConfigFile | None = None
    planned: tuple[PlannedEntry, ...] = ()
    dockerfiles: dict[str, Dockerfile] = field(default_factory=dict)
    scripts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    bakefiles: dict[str, BakeFile] = field(default_factory=dict)

    @cached_property
    def runs(self) -> tuple[JobRun, ...]:
        return tuple(job_runs(self.workflows, self.matrices))

    @cached_property
    def builds(self) -> tuple[Build, ...]:
        return tuple(b for run in self.runs for b in builds_of(run, self.bakefiles))

    @cached_property
    def native_caches(self) -> tuple[NativeCache, ...]:
        return tuple(c for run in self.runs for c in native_caches_of(run))

    def summary(self) -> str:
        entries = (
            len(self.planned)
            + sum(len(e) for e in self.matrices.values())
            + sum(len(j.matrix or ()) for w in self.workflows.values() for j in w.jobs)
        )
        steps = len({(b.step.line, b.run.workflow.path) for b in self.builds})
        counts = [
            (len(self.workflows), "workflow"), (len(self.dockerfiles), "Dockerfile"),
            (entries, "matrix entry"), (steps, "build step"), (len(self.scripts), "script"),
        ]  # fmt: skip
        return ", ".join(_plural(n, noun) for n, noun in counts)


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"1 {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def _workflow_paths(root: Path, settings: Settings) -> list[str]:
    folder = root / settings.workflows_dir
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    return [f.relative_to(root).as_posix() for f in files]


def _matrices(
    root: Path, settings: Settings, workflows: dict[str, Workflow]
) -> dict[tuple[str, str], tuple[MatrixEntry, ...]]:
    out: dict[tuple[str, str], tuple[MatrixEntry, ...]] = {}
    loaded: dict[tuple[str, str], tuple[MatrixEntry, ...]] = {}
    for wf in workflows.values():
        for job in wf.jobs:
            if job.matrix_expr is None:
                continue
            source = next((m for m in settings.matrices if m.feeds(wf.path, job.id)), None)
            source = source or _configured_source(root, settings, wf, job)
            if source is None:
                continue
            key = (source.file, source.key)
            if key not in loaded:
                loaded[key] = matrix.load_file(root, source.file, source.key)
            out[(wf.path, job.id)] = loaded[key]
    return out


def _feeder_text(root: Path, wf: Workflow, job: Job) -> str:
    """The `run:` scripts of the jobs `job` needs, and the script files they call."""
    texts = [s.run.text for j in wf.jobs if j.id in job.needs for s in j.steps if s.run]
    for text in list(texts):
        for found in _SCRIPT.findall(text):
            file = root / found.removeprefix("./")
            if file.is_file():
                texts.append(file.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def _configured_source(
    root: Path, settings: Settings, wf: Workflow, job: Job
) -> MatrixSource | None:
    """The matrix file cicache.toml names for a generated matrix.

    `cicache plan` output is judged from the planned entries instead. Otherwise the target
    whose matrix file the generating job mentions wins; a single matrix file needs no mention.
    """
    config = settings.config
    feeder = _feeder_text(root, wf, job)
    if config is None or "cicache plan" in feeder:
        return None
    files = [t.matrix for t in config.target.values() if t.matrix is not None]
    named = [m for m in files if m.file.removeprefix("./") in feeder]
    chosen = named[0] if named else (files[0] if len(files) == 1 else None)
    return MatrixSource(chosen.file, chosen.key) if chosen else None


def _bakefiles(root: Path, workflows: dict[str, Workflow]) -> dict[str, BakeFile]:
    """Bake files builds may read: the default names and any `.hcl`/`.json` a bake step names."""
    names = set(DEFAULT_FILES)
    for wf in workflows.values():
        for job in wf.jobs:
            for step in job.steps:
                files = step.with_.get("files")
                text = (files.text if files else "") + (step.run.text if step.run else "")
                names.update(re.findall(r"[\w./-]+\.(?:hcl|json)\b", text))
    found = {n.removeprefix("./"): parse_bakefile(root, n.removeprefix("./")) for n in names}
    return {n: b for n, b in found.items() if b is not None}


def _run_texts(workflows: dict[str, Workflow]) -> list[str]:
    return [s.run.text for w in workflows.values() for j in w.jobs for s in j.steps if s.run]


def _scripts(root: Path, workflows: dict[str, Workflow]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for wf in workflows.values():
        for job in wf.jobs:
            for step in job.steps:
                for found in _SCRIPT.findall(step.run.text if step.run else ""):
                    rel = found.removeprefix("./")
                    file = root / rel
                    if rel not in out and file.is_file():
                        out[rel] = tuple(
                            file.read_text(encoding="utf-8", errors="replace").splitlines()
                        )
    return out


def load_project(root: Path, settings: Settings | None = None) -> Project:
    """Read the workflows under `root` and everything their builds point at."""
    if not root.is_dir():
        raise UsageError(f"`{root}` is not a directory", hint="pass the repository root as PATH")
    settings = settings or Settings()
    workflows = {rel: parse_workflow(root, rel) for rel in _workflow_paths(root, settings)}
    bakefiles = _bakefiles(root, workflows)
    cfg = config_file(root, settings.config) if settings.config else None
    planned: tuple[PlannedEntry, ...] = ()
    if settings.config is not None and cfg is not None:
        targets = used_targets(settings.config, _run_texts(workflows))
        planned = planned_entries(root, settings.config, cfg, targets)
    project = Project(root, settings, workflows, _matrices(root, settings, workflows), cfg, planned)
    project.bakefiles.update(bakefiles)
    wanted = [b.dockerfile for b in project.builds] + [p.dockerfile for p in planned]
    for rel in wanted:
        if rel and rel not in project.dockerfiles and (root / rel).is_file():
            project.dockerfiles[rel] = parse_dockerfile(root, rel)
    project.scripts.update(_scripts(root, workflows))
    return project
