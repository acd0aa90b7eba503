"""docs/rules.md from the rule registry: `python -m cicache.lint.docs > docs/rules.md`."""

from __future__ import annotations

from cicache.lint.rule import Rule
from cicache.lint.rules import REGISTRY

__all__ = ["render"]

_INTRO = """\
# `cicache check` rules

Generated from `src/cicache/lint/rules/` by `python -m cicache.lint.docs > docs/rules.md`;
a test fails when this file is out of date.

`cicache check [PATH]` reads the GitHub workflows under `PATH/.github/workflows`, the
Dockerfiles and scripts their builds use, matrix files, and `cicache.toml` (the entries
of targets that workflows build through `cicache plan`). It exits 1 when an error-level
finding remains.

- Silence one finding with a comment on its line, or on a comment line just above it:
  `# cicache: ignore[CC101]` (codes or names, comma-separated).
- Change a rule's severity, or turn it off, in `cicache.toml`:

  ```toml
  [check.rules]
  CC103 = "off"
  cache-read-never-written = "error"
  ```

- Output: `--format text` (default, like a compiler), `json` (a list of findings with
  `code`, `name`, `severity`, `path`, `line`, `column`, `message`), `sarif` (2.1.0, for
  code scanning) or `github` (workflow-command annotations).

| code | name | severity | summary |
|---|---|---|---|
"""


def _anchor(rule: Rule) -> str:
    return f"{rule.code.lower()}-{rule.name}"


def _lang(example: str) -> str:
    return "dockerfile" if example.lstrip().startswith(("FROM", "RUN", "ARG")) else "yaml"


def _section(rule: Rule) -> str:
    return (
        f"## {rule.code} {rule.name}\n\n"
        f"Severity: **{rule.severity}**. {rule.summary}\n\n{rule.rationale}\n\n"
        f"Bad:\n\n```{_lang(rule.bad)}\n{rule.bad.rstrip()}\n```\n\n"
        f"Good:\n\n```{_lang(rule.good)}\n{rule.good.rstrip()}\n```\n"
    )


def render() -> str:
    rows = [
        f"| [{r.code}](#{_anchor(r)}) | `{r.name}` | {r.severity} | {r.summary} |"
        for r in REGISTRY.values()
    ]
    return _INTRO + "\n".join(rows) + "\n\n" + "\n".join(_section(r) for r in REGISTRY.values())


if __name__ == "__main__":
    print(render(), end="")
