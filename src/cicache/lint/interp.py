"""`${{ }}` interpolation in workflow strings and `if:` conditions."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cicache.lint.expr import ExprError, Unknown, evaluate, to_str, truthy

__all__ = ["condition", "expressions", "render", "value"]


def expressions(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, inner) for each `${{ inner }}` in `text`; quotes may contain `}}`."""
    i = text.find("${{")
    while i != -1:
        j, quote = i + 3, False
        while j < len(text) - 1:
            if text[j] == "'":
                quote = not quote
            elif not quote and text.startswith("}}", j):
                break
            j += 1
        else:
            raise ExprError(f"unclosed `${{{{` in `{text}`")
        yield i, j + 2, text[i + 3 : j].strip()
        i = text.find("${{", j + 2)


def value(text: str, ctx: Mapping[str, Any]) -> Any:
    """A field that is exactly one `${{ }}` keeps its type (GitHub does the same)."""
    found = list(expressions(text))
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(text.rstrip()):
        return evaluate(found[0][2], ctx)
    return render(text, ctx)


def render(text: str, ctx: Mapping[str, Any]) -> str:
    out, last = [], 0
    for start, end, inner in expressions(text):
        out.append(text[last:start])
        out.append(to_str(evaluate(inner, ctx)))
        last = end
    out.append(text[last:])
    return "".join(out)


def condition(text: str | None, ctx: Mapping[str, Any]) -> bool | None:
    """Whether an `if:` holds: True, False, or None when it depends on run-time values."""
    if text is None or not text.strip():
        return True
    stripped = text.strip()
    if stripped.startswith("${{") and stripped.endswith("}}") and stripped.count("${{") == 1:
        stripped = stripped[3:-2]
    result = evaluate(stripped, ctx) if "${{" not in stripped else value(stripped, ctx)
    if isinstance(result, Unknown):
        return None
    return truthy(result)
