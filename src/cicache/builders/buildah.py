"""The buildah driver: `buildah bud --layers --cache-from REPO --cache-to REPO`.

Each entry's cache lives in its own repository (see `cacherepo`). buildah has no
`ignore-error`: a failed cache push fails the build (exit 125, "failed pushing cache"). When
the plan asks for `ignore-error=true` the build is run again without `--cache-to`; the steps
it already built are in local storage, so the rerun only finishes the build.
"""

from __future__ import annotations

import time
from pathlib import Path

from cicache.builders.base import Log, build_failed
from cicache.builders.buildah_output import BuildahOutput, BuildahParser
from cicache.builders.cacherepo import cache_repository
from cicache.builders.pitfalls import Pitfall, Version, dockerfile_pitfalls, parse_version
from cicache.builders.process import Runner, capture
from cicache.builders.spec import BuildOutcome, BuildSpec, ExportOutcome, Step, cache_attrs
from cicache.errors import BuildError

__all__ = ["Buildah", "cache_repos"]


def cache_repos(values: tuple[str, ...]) -> list[str]:
    """buildx cache values -> buildah repositories (registry caches only)."""
    attrs = [cache_attrs(v) for v in values]
    return [cache_repository(a["ref"]) for a in attrs if a.get("type") == "registry" and "ref" in a]


def _insecure(spec: BuildSpec) -> bool:
    values = [*spec.cache_from, *([spec.cache_to] if spec.cache_to else [])]
    return any(cache_attrs(v).get("registry.insecure") == "true" for v in values)


class Buildah:
    name = "buildah"
    executable = "buildah"
    subcommand = "bud"

    def __init__(self, version: str | None = None) -> None:
        self._version_text = version

    def version(self) -> Version | None:
        if self._version_text is None:
            self._version_text = capture([self.executable, "--version"]) or ""
        return parse_version(self._version_text)

    def cache_location(self, ref: str) -> str:
        return cache_repository(ref)

    def _bud(self, spec: BuildSpec, *, cache_to: bool = True) -> list[str]:
        argv = [self.executable, self.subcommand, "--layers", "--file", spec.dockerfile]
        if spec.platforms:
            argv += ["--platform", ",".join(spec.platforms)]
        for key, value in spec.build_args.items():
            argv += ["--build-arg", f"{key}={value}"]
        for repo in cache_repos(spec.cache_from):
            argv += ["--cache-from", repo]
        if cache_to and spec.cache_to:
            argv += ["--cache-to", *cache_repos((spec.cache_to,))]
        if _insecure(spec):
            argv.append("--tls-verify=false")
        if spec.image:
            argv += ["--tag", spec.image]
        return [*argv, spec.context]

    def commands(self, spec: BuildSpec) -> list[list[str]]:
        if len(spec.platforms) > 1:
            raise BuildError(
                f"`{spec.label}` builds {len(spec.platforms)} platforms; cicache runs "
                f"{self.name} for one platform per entry",
                hint="split the entry per platform (e.g. amd64/arm64 pairs with a platform-tag)",
            )
        out = [self._bud(spec)]
        if spec.push:
            if not spec.image:
                raise BuildError("`--push` needs an image: set the target's `image` template")
            tls = ["--tls-verify=false"] if _insecure(spec) else []
            out.append([self.executable, "push", *tls, spec.image])
        return out

    def pitfalls(self, spec: BuildSpec) -> list[Pitfall]:
        dockerfile = spec.cwd / spec.dockerfile
        return dockerfile_pitfalls(self.name, self.version(), dockerfile, bool(spec.cache_from))

    def build(self, spec: BuildSpec, runner: Runner, log: Log) -> BuildOutcome:
        started = time.monotonic()
        first, status = self._run(self._bud(spec), spec.cwd, runner, log)
        warnings: list[str] = []
        steps = first.steps
        if status and first.push_error and spec.ignore_error:
            warnings.append(f"cache export failed (ignore-error is on): {first.push_error}")
            log(f"warning: {warnings[-1]}; building again without --cache-to")
            again, status = self._run(self._bud(spec, cache_to=False), spec.cwd, runner, log)
            steps = _merge(first.steps, again.steps)
            first.image_id = again.image_id
            first.errors = again.errors
        if status:
            raise build_failed(self.name, status, first.errors)
        for argv in self.commands(spec)[1:]:
            self._push(argv, spec.cwd, runner, log)
        return BuildOutcome(
            steps=tuple(steps),
            export=_export(spec, first),
            seconds=round(time.monotonic() - started, 3),
            digest=first.image_id,
            warnings=tuple(warnings),
        )

    def _run(
        self, argv: list[str], cwd: Path, runner: Runner, log: Log
    ) -> tuple[BuildahOutput, int]:
        parser = BuildahParser()

        def on_line(line: str, at: float) -> None:
            log(line)
            parser.feed(line, at)

        status = runner.run(argv, on_line, cwd=cwd)
        return parser.finish(), status

    def _push(self, argv: list[str], cwd: Path, runner: Runner, log: Log) -> None:
        errors: list[str] = []

        def on_line(line: str, _at: float) -> None:
            log(line)
            if line.startswith("Error:"):
                errors.append(line)

        status = runner.run(argv, on_line, cwd=cwd)
        if status:
            raise build_failed(f"{self.name} push", status, errors)


def _merge(first: list[Step], second: list[Step]) -> list[Step]:
    """What really happened: the first run's steps, then the rerun's for the rest (both
    runs go through the same steps in the same order)."""
    return [*first, *second[len(first) :]]


def _export(spec: BuildSpec, out: BuildahOutput) -> ExportOutcome:
    if not spec.cache_to:
        return ExportOutcome("not-requested")
    if out.push_error:
        return ExportOutcome("failed", out.push_error)
    if out.pushed:
        repo = out.pushed[0].rpartition(":")[0]
        return ExportOutcome("written", f"{len(out.pushed)} step images to {repo}")
    return ExportOutcome("nothing-to-export", "every step came from the cache")
