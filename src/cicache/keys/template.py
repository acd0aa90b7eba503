"""The template language shared by cache tags and native cache keys.

A template is literal text with placeholders in braces:

    cache{tag-suffix}-{platform-tag|amd64}

- `{expr}` is replaced by what the resolver returns for `expr` (an entry field, or an
  expression such as `hashFiles('**/go.sum')` that another resolver understands).
- `{expr|fallback}` uses the literal `fallback` when the value is missing or empty, so a tag
  need not end in a bare `-` when an entry lacks a field. `{expr|}` allows an empty value.
- `{{` and `}}` are literal braces.

Parsing is separate from resolving, so a template is checked once (at config load) and a
resolver is the only seam: plan resolves entry fields, native keys add functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "Placeholder",
    "Template",
    "TemplateError",
    "parse",
]

Resolver = Callable[[str], "str | None"]


class TemplateError(ValueError):
    """A template is malformed, or a placeholder has no value and no fallback."""


@dataclass(frozen=True)
class Placeholder:
    expr: str
    fallback: str | None  # None: no fallback given (a missing value is an error)


Part = str | Placeholder


@dataclass(frozen=True)
class Template:
    source: str
    parts: tuple[Part, ...]

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))

    def render(self, resolve: Resolver) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = resolve(part.expr)
            if not value:
                if part.fallback is not None:
                    value = part.fallback
                elif value is None:
                    raise TemplateError(f"no value for `{{{part.expr}}}` in `{self.source}`")
            out.append(value)
        return "".join(out)


def _scan_placeholder(text: str, start: int) -> int:
    """Index of the `}` closing the placeholder opened at `start`, skipping quotes and parens."""
    depth, quote, i = 0, "", start + 1
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "}" and depth <= 0:
            return i
        i += 1
    raise TemplateError(f"unclosed `{{` at column {start + 1} in `{text}`")


def _split_fallback(body: str) -> Placeholder:
    depth, quote = 0, ""
    for i, ch in enumerate(body):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return Placeholder(body[:i].strip(), body[i + 1 :])
    return Placeholder(body.strip(), None)


def parse(text: str) -> Template:
    parts: list[Part] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith("{{", i) or text.startswith("}}", i):
            literal.append(ch)
            i += 2
            continue
        if ch == "}":
            raise TemplateError(f"unmatched `}}` at column {i + 1} in `{text}` (write `}}}}`)")
        if ch != "{":
            literal.append(ch)
            i += 1
            continue
        end = _scan_placeholder(text, i)
        placeholder = _split_fallback(text[i + 1 : end])
        if not placeholder.expr:
            raise TemplateError(f"empty placeholder at column {i + 1} in `{text}`")
        if literal:
            parts.append("".join(literal))
            literal = []
        parts.append(placeholder)
        i = end + 1
    if literal:
        parts.append("".join(literal))
    return Template(text, tuple(parts))
