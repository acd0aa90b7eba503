"""docs/configuration.md, generated from the declarations (a test keeps the file in sync)."""

from __future__ import annotations

import json
from typing import Any

from cicache.config.declare import OptionSpec, specs
from cicache.config.model import Config

__all__ = ["render_docs"]

_INTRO = """\
# Configuration

cicache reads `cicache.toml` at the repository root, or the `[tool.cicache]` table of
`pyproject.toml` (the nearest one found walking up from the working directory, `-C DIR`
to start elsewhere, `--config FILE` or `$CICACHE_CONFIG` to name the file). Paths in it are
relative to the file's directory. Unknown keys and wrong types are errors that name the file,
line and key. `cicache config` prints the effective configuration and `cicache config
--schema` its JSON schema.

This page is generated from the option declarations in `src/cicache/config/model.py`
(`python -m cicache.config.docs > docs/configuration.md`).

Templates (`tag`, `name`, `dockerfile`, `context`, `platforms`, `image`, `build-args`) use
`{field}` for an entry field and `{field|fallback}` when the field may be empty or missing,
e.g. `cache{tag-suffix}-{platform-tag|amd64}`; `{{` and `}}` are literal braces.
"""


def _default(spec: OptionSpec) -> str:
    if spec.required:
        return "required"
    if spec.default is None or spec.kind in ("table", "tablemap"):
        return "unset"
    value: Any = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    return f"`{json.dumps(value)}`"


def _type(spec: OptionSpec) -> str:
    if spec.kind == "choice":
        return " \\| ".join(f"`{json.dumps(c)}`" for c in spec.choices)
    return {
        "str": "string",
        "int": "integer",
        "bool": "boolean",
        "list": "array of strings",
        "strmap": "table of strings",
        "rows": "array of tables",
        "table": "table",
        "tablemap": "tables by name",
    }[spec.kind]


def _section(title: str, cls: type, level: int) -> list[str]:
    lines = [
        f"{'#' * level} `{title}`",
        "",
        "| key | type | default | meaning |",
        "|---|---|---|---|",
    ]
    nested = []
    for spec in specs(cls):
        if spec.kind in ("table", "tablemap") and spec.table is not None:
            suffix = ".NAME" if spec.kind == "tablemap" else ""
            nested.append(
                (
                    f"{title}.{spec.key}{suffix}" if title != "[root]" else f"[{spec.key}{suffix}]",
                    spec,
                )
            )
            continue
        example = f" Example: `{spec.example}`." if spec.example else ""
        lines.append(f"| `{spec.key}` | {_type(spec)} | {_default(spec)} | {spec.doc}{example} |")
    lines.append("")
    for name, spec in nested:
        assert spec.table is not None
        lines.append(spec.doc)
        lines.append("")
        lines += _section(name.strip("[]") if level > 1 else name, spec.table, level + 1)
    return lines


def render_docs() -> str:
    body: list[str] = [_INTRO]
    for spec in specs(Config):
        assert spec.table is not None
        title = f"[{spec.key}.NAME]" if spec.kind == "tablemap" else f"[{spec.key}]"
        body += [f"## `{title}`", "", spec.doc, ""]
        body += _section(title, spec.table, 3)[2:]
    return "\n".join(body).rstrip() + "\n"


if __name__ == "__main__":
    print(render_docs(), end="")
