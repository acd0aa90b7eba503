"""The subset of the GitHub Actions expression language that cache decisions depend on.

Literals, contexts (`github.event_name`, `matrix.tag-suffix`, `inputs['x']`), `!`, `==`, `!=`,
`<`, `>`, `&&`, `||`, parentheses, and `startsWith`, `endsWith`, `contains`, `format`, `join`,
`fromJSON`, `toJSON`, status functions. Values we cannot know statically (a commit sha, a step
output) are `Unknown`, and logic over them is three-valued: a condition that is `Unknown`
*may* hold. Semantics follow GitHub's "Expressions" reference (loose `==`, case-insensitive
string comparison, `&&`/`||` returning operands).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cicache.lint.exprparse import ExprError, parse

__all__ = ["ExprError", "OpenContext", "Unknown", "evaluate", "to_str", "truthy"]


@dataclass(frozen=True)
class Unknown:
    """A value known only at run time; `source` is the expression that produced it."""

    source: str


class OpenContext(dict[str, Any]):
    """A context whose missing keys are `Unknown` (e.g. `github`, `steps`), not null."""

    def __init__(self, name: str, values: Mapping[str, Any] | None = None) -> None:
        super().__init__(values or {})
        self.name = name


def evaluate(text: str, contexts: Mapping[str, Any]) -> Any:
    """Evaluate `text` (without `${{ }}`) against named contexts."""
    return _eval(parse(text), contexts)


def truthy(value: Any) -> bool | None:
    """GitHub truthiness; None when the value is `Unknown`."""
    if isinstance(value, Unknown):
        return None
    if isinstance(value, float) and math.isnan(value):
        return False
    return value not in (None, False, 0, 0.0, "")


def to_str(value: Any) -> str:
    """GitHub's string conversion for interpolation; unknowns keep their source visible."""
    match value:
        case Unknown(source=source):
            return "${{ " + source + " }}"
        case None:
            return ""
        case bool():
            return "true" if value else "false"
        case float() if value.is_integer():
            return str(int(value))
        case dict() | list():
            return json.dumps(value)
        case _:
            return str(value)


def _show(node: tuple[Any, ...]) -> str:
    match node:
        case ("ctx", name):
            return str(name)
        case ("get", obj, ("lit", key)) if isinstance(key, str):
            return f"{_show(obj)}.{key}"
        case ("get", obj, _):
            return f"{_show(obj)}[*]"
        case ("call", name, args):
            return f"{name}({', '.join(_show(a) for a in args)})"
        case ("lit", str() as text):
            return "'" + text.replace("'", "''") + "'"
        case ("lit", value):
            return to_str(value) if value is not None else "null"
        case ("not", inner):
            return f"!{_show(inner)}"
        case ("bin", op, left, right):
            return f"{_show(left)} {op} {_show(right)}"
        case _:
            return "..."


def _eval(node: tuple[Any, ...], ctx: Mapping[str, Any]) -> Any:
    match node:
        case ("lit", value):
            return value
        case ("ctx", name):
            return ctx.get(name.lower(), Unknown(name))
        case ("get", obj, key):
            return _get(_eval(obj, ctx), _eval(key, ctx), node)
        case ("not", inner):
            value = truthy(_eval(inner, ctx))
            return Unknown(_show(node)) if value is None else not value
        case ("bin", "&&" | "||" as op, left, right):
            return _logic(op, _eval(left, ctx), lambda: _eval(right, ctx), node)
        case ("bin", op, left, right):
            return _compare(op, _eval(left, ctx), _eval(right, ctx), node)
        case ("call", name, args):
            return _call(name, [_eval(a, ctx) for a in args], node)
    raise ExprError(f"cannot evaluate {node!r}")


def _get(obj: Any, key: Any, node: tuple[Any, ...]) -> Any:
    if isinstance(obj, Unknown) or isinstance(key, Unknown) or key is None:
        return Unknown(_show(node))
    if isinstance(obj, dict):
        for k, v in obj.items():
            if str(k).lower() == str(key).lower():
                return v
        return Unknown(_show(node)) if isinstance(obj, OpenContext) else None
    if isinstance(obj, list) and isinstance(key, float) and 0 <= key < len(obj):
        return obj[int(key)]
    return None


def _logic(op: str, left: Any, right: Callable[[], Any], node: tuple[Any, ...]) -> Any:
    known = truthy(left)
    if known is not None:
        return right() if known == (op == "&&") else left
    other = right()
    if op == "&&" and truthy(other) is False:
        return other  # either operand decides: both are falsy
    return Unknown(_show(node))


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, bool | float | int):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip() or 0)
        except ValueError:
            return float("nan")
    return float("nan")


def _compare(op: str, left: Any, right: Any, node: tuple[Any, ...] = ()) -> Any:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return Unknown(_show(node) if node else "...")
    if isinstance(left, str) and isinstance(right, str):
        a: Any = left.lower()
        b: Any = right.lower()
    elif isinstance(left, dict | list) or isinstance(right, dict | list):
        return (left is right) == (op == "==") if op in {"==", "!="} else False
    else:
        a, b = _number(left), _number(right)
    results = {"==": a == b, "!=": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}
    return results[op]


def _format(fmt: str, *args: Any) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(0) in {"{{", "}}"}:
            return m.group(0)[0]
        index = int(m.group(1))
        if index >= len(args):
            raise ExprError(f"format(): no argument {index} for `{fmt}`")
        return to_str(args[index])

    return re.sub(r"\{\{|\}\}|\{(\d+)\}", sub, fmt)


def _contains(haystack: Any, needle: Any) -> bool:
    if isinstance(haystack, list):
        return any(_compare("==", item, needle) is True for item in haystack)
    return to_str(needle).lower() in to_str(haystack).lower()


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "startswith": lambda a, b: to_str(a).lower().startswith(to_str(b).lower()),
    "endswith": lambda a, b: to_str(a).lower().endswith(to_str(b).lower()),
    "contains": _contains,
    "format": lambda fmt, *args: _format(to_str(fmt), *args),
    "join": lambda items, sep=",": (
        to_str(sep).join(to_str(i) for i in items) if isinstance(items, list) else to_str(items)
    ),
    "tojson": lambda value: json.dumps(value, indent=2),
    "fromjson": lambda text: _from_json(to_str(text)),
    "success": lambda: True,
    "always": lambda: True,
}


def _from_json(text: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ExprError(f"fromJSON(): invalid JSON {text[:40]!r}") from exc
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _call(name: str, args: list[Any], node: tuple[Any, ...]) -> Any:
    func = _FUNCTIONS.get(name)
    if func is None:
        return Unknown(_show(node))  # hashFiles(), failure(), cancelled(): run-time only
    if name == "format" and args and not isinstance(args[0], Unknown):
        args[0] = to_str(args[0])  # unknown arguments stay visible as `${{ ... }}` in the text
    elif any(isinstance(a, Unknown) for a in args):
        return Unknown(_show(node))
    try:
        return func(*args)
    except TypeError as exc:
        raise ExprError(f"{name}(): wrong number of arguments") from exc
