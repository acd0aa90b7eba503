"""The buildx driver: `docker buildx build --progress=rawjson --metadata-file F ...`.

Flags follow the plan exactly (the same order as `cicache plan --format buildx`); progress
comes back as rawjson on stderr and is parsed into steps (`rawjson`); the image digest is read
from the metadata file. `ignore-error=true` is BuildKit's own business: the build exits 0 and
the failed export only shows as an error on the `exporting cache to ...` vertex, which is
reported as a warning.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

from cicache.builders.base import Log, build_failed
from cicache.builders.pitfalls import Pitfall, Version, parse_version
from cicache.builders.process import Runner, capture
from cicache.builders.rawjson import Progress, RawJsonParser
from cicache.builders.spec import BuildOutcome, BuildSpec, ExportOutcome, Step
from cicache.errors import BuildError

__all__ = ["Buildx", "plan_args"]


def plan_args(spec: BuildSpec) -> list[str]:
    """The plan's buildx arguments, context last (same as `plan/render/buildx.args`)."""
    out = ["--file", spec.dockerfile]
    if spec.platforms:
        out += ["--platform", ",".join(spec.platforms)]
    for key, value in spec.build_args.items():
        out += ["--build-arg", f"{key}={value}"]
    for ref in spec.cache_from:
        out += ["--cache-from", ref]
    if spec.cache_to:
        out += ["--cache-to", spec.cache_to]
    if spec.image:
        out += ["--tag", spec.image]
    return [*out, spec.context]


def read_digest(path: Path) -> str:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    digest = meta.get("containerimage.digest") if isinstance(meta, dict) else None
    return digest if isinstance(digest, str) else ""


class Buildx:
    name = "buildx"

    def __init__(self, version: str | None = None, metadata_dir: Path | None = None) -> None:
        self._version_text = version
        self.metadata_dir = metadata_dir

    def version(self) -> Version | None:
        if self._version_text is None:
            self._version_text = capture(["docker", "buildx", "version"]) or ""
        return parse_version(self._version_text)

    def cache_location(self, ref: str) -> str:
        return ref

    def metadata_file(self, spec: BuildSpec) -> Path:
        base = self.metadata_dir or Path(tempfile.gettempdir()) / "cicache"
        return base / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', spec.label)}.metadata.json"

    def commands(self, spec: BuildSpec) -> list[list[str]]:
        if spec.push and not spec.image:
            raise BuildError("`--push` needs an image: set the target's `image` template")
        head = ["docker", "buildx", "build", "--progress=rawjson"]
        head += ["--metadata-file", str(self.metadata_file(spec))]
        args = plan_args(spec)
        return [[*head, *args[:-1], *(["--push"] if spec.push else []), args[-1]]]

    def pitfalls(self, spec: BuildSpec) -> list[Pitfall]:
        return []  # BuildKit's version is the builder's (`docker buildx inspect`), not ours

    def build(self, spec: BuildSpec, runner: Runner, log: Log) -> BuildOutcome:
        parser = RawJsonParser()

        def on_line(line: str, _at: float) -> None:
            for step in parser.feed(line):
                log(_describe(step))
            if line.strip() and not line.lstrip().startswith("{"):
                log(line)

        started = time.monotonic()
        (argv,) = self.commands(spec)
        self.metadata_file(spec).parent.mkdir(parents=True, exist_ok=True)
        self.metadata_file(spec).unlink(missing_ok=True)
        status = runner.run(argv, on_line, cwd=spec.cwd)
        progress = parser.result()
        if status:
            errors = [p for p in progress.plain if p.upper().startswith("ERROR")]
            raise build_failed("docker buildx build", status, errors)
        export = _export(spec, progress)
        warnings = [f"cache import failed: {f}" for f in progress.imports_failed]
        if export.status == "failed":
            warnings.append(f"cache export failed (ignore-error is on): {export.detail}")
        return BuildOutcome(
            steps=progress.steps,
            export=export,
            seconds=round(time.monotonic() - started, 3),
            digest=read_digest(self.metadata_file(spec)),
            warnings=tuple(warnings),
            imports_failed=progress.imports_failed,
        )


def _describe(step: Step) -> str:
    state = "CACHED" if step.cached else ("ERROR" if step.error else f"DONE {step.seconds:.1f}s")
    return f"{step.name}: {state}"


def _export(spec: BuildSpec, progress: Progress) -> ExportOutcome:
    if not spec.cache_to:
        return ExportOutcome("not-requested")
    if progress.export is None:
        return ExportOutcome("failed", "buildx reported no cache export")
    return progress.export
