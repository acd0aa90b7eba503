"""Run the rules over a project: per-rule config, inline suppression, stable ordering."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from cicache.config.load import display_path
from cicache.config.locate import locate
from cicache.errors import ConfigError
from cicache.lint.finding import SEVERITIES, Finding, Severity
from cicache.lint.project import Project, load_project
from cicache.lint.rule import Rule
from cicache.lint.rules import REGISTRY, find_rule
from cicache.lint.settings import Settings

__all__ = ["CheckResult", "check", "effective_rules", "run_rules"]

_IGNORE = re.compile(r"#\s*cicache:\s*ignore\[([^\]]*)\]")


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...]
    summary: str  # what was read, for the one-line report
    sources: dict[str, tuple[str, ...]]  # lines of every file a finding points into

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.findings)


def _where(settings: Settings, key: str) -> str:
    """`cicache.toml:5: check.rules.KEY`, as config errors name a key."""
    source = settings.config.source if settings.config else None
    if source is None:
        return f"[check.rules] {key}"
    prefix = ("tool", "cicache") if source.name == "pyproject.toml" else ()
    try:
        line = locate(source.read_text(encoding="utf-8"), ("check", "rules", key), prefix)
    except OSError:
        line = None
    shown = display_path(source) + (f":{line}" if line else "")
    return f"{shown}: {'.'.join([*prefix, 'check', 'rules', key])}"


def effective_rules(settings: Settings) -> list[tuple[Rule, Severity]]:
    """Rules that are on, each with its configured severity. Unknown names are errors."""
    chosen: dict[str, Severity | None] = {code: rule.severity for code, rule in REGISTRY.items()}
    for key, value in settings.rules.items():
        rule = find_rule(key)
        if rule is None:
            names = [*REGISTRY, *(r.name for r in REGISTRY.values())]
            close = difflib.get_close_matches(key, names, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "see `docs/rules.md` for the rules"
            raise ConfigError(f"{_where(settings, key)}: unknown rule `{key}`", hint=hint)
        if value not in (*SEVERITIES, "off"):
            close = difflib.get_close_matches(str(value), [*SEVERITIES, "off"], n=1)
            raise ConfigError(
                f"{_where(settings, key)}: {value!r} is not one of error, warning, info, off",
                hint=f"did you mean `{close[0]}`?" if close else None,
            )
        chosen[rule.code] = None if value == "off" else cast(Severity, value)
    return [(REGISTRY[c], sev) for c, sev in chosen.items() if sev is not None]


def _suppressed(finding: Finding, lines: tuple[str, ...], rule: Rule) -> bool:
    """`# cicache: ignore[CC101]` on the finding's line or on a comment line just above."""
    candidates = [finding.line - 1]
    if finding.line >= 2 and lines[finding.line - 2].lstrip().startswith("#"):
        candidates.append(finding.line - 2)
    for index in candidates:
        if 0 <= index < len(lines):
            for m in _IGNORE.finditer(lines[index]):
                names = {n.strip() for n in m.group(1).split(",")}
                if rule.code in {n.upper() for n in names} or rule.name in names:
                    return True
    return False


def run_rules(project: Project) -> CheckResult:
    found: set[Finding] = set()
    sources: dict[str, tuple[str, ...]] = {}
    for rule, severity in effective_rules(project.settings):
        for hit in rule.check(project):
            finding = Finding(
                rule.code, rule.name, severity, hit.path, hit.line, hit.column, hit.message
            )
            if hit.path not in sources:
                sources[hit.path] = _read_lines(project.root / hit.path)
            if not _suppressed(finding, sources[hit.path], rule):
                found.add(finding)
    findings = tuple(sorted(found, key=lambda f: f.sort_key))
    used = {f.path for f in findings}
    return CheckResult(findings, project.summary(), {p: s for p, s in sources.items() if p in used})


def _read_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def check(root: Path, settings: Settings | None = None) -> CheckResult:
    """Load everything under `root` and run every enabled rule."""
    return run_rules(load_project(root, settings))
