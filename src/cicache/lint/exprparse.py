"""Syntax of the GitHub expression subset: tokens and a Pratt parser into nested tuples.

A node is ("lit", value), ("ctx", name), ("get", obj, key), ("not", x), ("bin", op, a, b) or
("call", name, args). Names may contain `-` (`matrix.tag-suffix`), as in GitHub.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ExprError", "parse"]


class ExprError(ValueError):
    """The expression is not valid syntax (or cannot be evaluated)."""


_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?))
    | (?P<str>'(?:[^']|'')*')
    | (?P<op>==|!=|<=|>=|&&|\|\||[!<>()\[\].,*])
    | (?P<ident>[A-Za-z_][A-Za-z0-9_-]*)
    )""",
    re.VERBOSE,
)


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens, i = [], 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        m = _TOKEN.match(text, i)
        if not m or m.end() == i:
            raise ExprError(f"unexpected character {text[i:].strip()[:1]!r} in `{text}`")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        i = m.end()
    return tokens


_BINARY = {"||": 1, "&&": 2, "==": 3, "!=": 3, "<": 4, ">": 4, "<=": 4, ">=": 4}


class _Parser:
    """Pratt parser producing nested tuples: ("lit", v), ("ctx", name), ("get", obj, key), ..."""

    def __init__(self, text: str) -> None:
        self.text, self.tokens, self.i = text, _tokenize(text), 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok[0] == "end" or (value is not None and tok[1] != value):
            raise ExprError(f"expected {value or 'a value'} in `{self.text}`")
        self.i += 1
        return tok

    def parse(self) -> tuple[Any, ...]:
        node = self.binary(0)
        if self.peek()[0] != "end":
            raise ExprError(f"unexpected {self.peek()[1]!r} in `{self.text}`")
        return node

    def binary(self, min_prec: int) -> tuple[Any, ...]:
        left = self.unary()
        while (
            (op := self.peek()[1]) in _BINARY and _BINARY[op] > min_prec and self.peek()[0] == "op"
        ):
            self.take()
            left = ("bin", op, left, self.binary(_BINARY[op]))
        return left

    def unary(self) -> tuple[Any, ...]:
        if self.peek() == ("op", "!"):
            self.take()
            return ("not", self.unary())
        return self.postfix(self.primary())

    def primary(self) -> tuple[Any, ...]:
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(int(value, 16)) if "x" in value.lower() else float(value))
        if kind == "str":
            return ("lit", value[1:-1].replace("''", "'"))
        if (kind, value) == ("op", "("):
            node = self.binary(0)
            self.take(")")
            return node
        if kind != "ident":
            raise ExprError(f"unexpected {value!r} in `{self.text}`")
        literals = {"true": True, "false": False, "null": None}
        if value in literals:
            return ("lit", literals[value])
        if self.peek() == ("op", "("):
            return self.call(value)
        return ("ctx", value)

    def call(self, name: str) -> tuple[Any, ...]:
        self.take("(")
        args: list[tuple[Any, ...]] = []
        while self.peek() != ("op", ")"):
            args.append(self.binary(0))
            if self.peek() != ("op", ")"):
                self.take(",")
        self.take(")")
        return ("call", name.lower(), tuple(args))

    def postfix(self, node: tuple[Any, ...]) -> tuple[Any, ...]:
        while self.peek() in {("op", "."), ("op", "[")}:
            if self.take()[1] == ".":
                _, key = self.take()
                node = ("get", node, ("lit", None if key == "*" else key))
            else:
                node = ("get", node, self.binary(0))
                self.take("]")
        return node


_CACHE: dict[str, tuple[Any, ...]] = {}


def parse(text: str) -> tuple[Any, ...]:
    if text not in _CACHE:
        _CACHE[text] = _Parser(text).parse()
    return _CACHE[text]
