"""Bake files (`docker-bake.hcl`, `docker-bake.json`) as targets whose values keep lines.

Only the literal subset cache rules need: `target "name" { ... }` and `group` blocks with
string, list-of-string and map-of-string attributes, and `inherits`. Values using HCL
functions or variables stay as written (`${VAR}`), which the rules treat as unknown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BakeFile", "BakeTarget", "Value", "parse_bakefile"]

_BLOCK = re.compile(r'^\s*(target|group)\s+"([^"]+)"\s*\{\s*$')
_ATTR = re.compile(r"^\s*([\w-]+)\s*=\s*(.*?)\s*$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_PAIR = re.compile(r'^\s*"?([\w.-]+)"?\s*[=:]\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Value:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class BakeTarget:
    name: str
    attrs: dict[str, list[Value]] = field(default_factory=dict)  # lists and strings
    args: dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class BakeFile:
    path: str
    targets: dict[str, BakeTarget]
    groups: dict[str, list[str]]

    def resolve(self, names: list[str]) -> list[BakeTarget]:
        """Targets named (groups expanded, `default` when none), with `inherits` merged."""
        out: list[BakeTarget] = []
        pending = list(names) or ["default"]
        while pending:
            name = pending.pop(0)
            if name in self.groups:
                pending = self.groups[name] + pending
            elif name in self.targets and all(t.name != name for t in out):
                out.append(self._merged(name, set()))
        return out

    def _merged(self, name: str, seen: set[str]) -> BakeTarget:
        target = self.targets[name]
        attrs: dict[str, list[Value]] = {}
        args: dict[str, Value] = {}
        for parent in [v.text for v in target.attrs.get("inherits", [])]:
            if parent in self.targets and parent not in seen:
                base = self._merged(parent, seen | {name})
                attrs.update(base.attrs)
                args.update(base.args)
        attrs.update(target.attrs)
        args.update(target.args)
        return BakeTarget(name, attrs, args)


def _strings(text: str, line: int, raw: str) -> list[Value]:
    return [Value(m.group(1), line, raw.find(m.group(0)) + 2) for m in _STRING.finditer(text)]


def _attribute(lines: list[str], i: int, target: BakeTarget) -> int:
    """Read the attribute starting at line index `i`; return the index after it."""
    key, value = _ATTR.match(lines[i]).groups()  # type: ignore[union-attr]
    closer = {"[": "]", "{": "}"}.get(value[:1])
    if closer is None:
        target.attrs[key] = _strings(value, i + 1, lines[i])
        return i + 1
    body = [(i, value[1:])]
    while closer not in body[-1][1] and i + 1 < len(lines):
        i += 1
        body.append((i, lines[i]))
    for n, text in body:
        if closer == "]":
            target.attrs.setdefault(key, []).extend(_strings(text.split("]")[0], n + 1, lines[n]))
        elif key == "args" and (m := _PAIR.match(text.split("}")[0])):
            target.args[m.group(1)] = Value(m.group(2), n + 1, len(text) - len(text.lstrip()) + 1)
    return i + 1


def _parse_hcl(rel: str, lines: list[str]) -> BakeFile:
    targets: dict[str, BakeTarget] = {}
    groups: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        block = _BLOCK.match(lines[i])
        i += 1
        if not block:
            continue
        target = BakeTarget(block.group(2))
        while i < len(lines) and lines[i].strip() != "}":
            i = _attribute(lines, i, target) if _ATTR.match(lines[i]) else i + 1
        if block.group(1) == "group":
            groups[target.name] = [v.text for v in target.attrs.get("targets", [])]
        else:
            targets[target.name] = target
    return BakeFile(rel, targets, groups)


def _json_value(lines: list[str], text: str) -> Value:
    needle = json.dumps(text)
    for n, line in enumerate(lines, 1):
        if needle in line:
            return Value(text, n, line.find(needle) + 2)
    return Value(text, 1, 1)


def _parse_json(rel: str, lines: list[str]) -> BakeFile:
    doc = json.loads("\n".join(lines) or "{}")
    targets: dict[str, BakeTarget] = {}
    for name, spec in (doc.get("target") or {}).items():
        target = BakeTarget(name)
        for key, raw in spec.items():
            if key == "args" and isinstance(raw, dict):
                target.args.update({k: _json_value(lines, str(v)) for k, v in raw.items()})
            else:
                items = raw if isinstance(raw, list) else [raw]
                target.attrs[key] = [_json_value(lines, str(v)) for v in items]
        targets[name] = target
    groups = {n: list(g.get("targets", [])) for n, g in (doc.get("group") or {}).items()}
    return BakeFile(rel, targets, groups)


def parse_bakefile(root: Path, rel: str) -> BakeFile | None:
    file = root / rel
    if not file.is_file():
        return None
    lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    try:
        return _parse_json(rel, lines) if rel.endswith(".json") else _parse_hcl(rel, lines)
    except (ValueError, AttributeError):
        return None  # not a bake file we can read statically
