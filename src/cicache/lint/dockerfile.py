"""Dockerfiles as instructions with line numbers, stages, `ARG`s and `RUN --mount` flags.

Continuation lines (`\\`, or the escape char set by `# escape=`), comment lines inside a
continuation, and heredocs (`RUN <<EOF ... EOF`) are folded into one logical instruction that
keeps the line and column of its keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Dockerfile", "Instruction", "parse_dockerfile"]

_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    line: int
    column: int
    stage: int  # -1 before the first FROM

    def flags(self) -> dict[str, list[str]]:
        """Leading `--name=value` flags, e.g. {"mount": ["type=cache,target=/root/.cache"]}."""
        out: dict[str, list[str]] = {}
        for token in self.args.split():
            if not token.startswith("--"):
                break
            name, _, val = token[2:].partition("=")
            out.setdefault(name, []).append(val)
        return out

    def cache_mounts(self) -> list[dict[str, str]]:
        mounts = [dict(_pair(p) for p in m.split(",")) for m in self.flags().get("mount", [])]
        return [m for m in mounts if m.get("type") == "cache"]


def _pair(text: str) -> tuple[str, str]:
    key, _, val = text.partition("=")
    return key.strip(), val.strip()


@dataclass(frozen=True)
class Dockerfile:
    path: str
    instructions: tuple[Instruction, ...]
    lines: tuple[str, ...]

    def stage_args(self, stage: int) -> dict[str, Instruction]:
        """ARGs declared inside `stage` (a global ARG must be re-declared to be used)."""
        out: dict[str, Instruction] = {}
        for ins in self.instructions:
            if ins.keyword == "ARG" and ins.stage == stage:
                for token in ins.args.split():
                    out.setdefault(token.split("=", 1)[0], ins)
        return out

    def declares(self, arg: str) -> Instruction | None:
        """The first ARG `arg` anywhere (global or in a stage)."""
        for ins in self.instructions:
            if ins.keyword == "ARG" and arg in [t.split("=", 1)[0] for t in ins.args.split()]:
                return ins
        return None


def _escape_char(lines: list[str]) -> str:
    for line in lines:
        m = re.match(r"\s*#\s*escape\s*=\s*(\S)", line)
        if m:
            return m.group(1)
        if line.strip() and not line.lstrip().startswith("#"):
            break
    return "\\"


def _logical(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, column, text) per instruction; continuation and heredoc bodies folded in."""
    escape, out, i = _escape_char(lines), [], 0
    while i < len(lines):
        raw, start = lines[i], i
        i += 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [raw]
        while parts[-1].rstrip().endswith(escape) and i < len(lines):
            parts[-1] = parts[-1].rstrip()[:-1]
            while i < len(lines) and lines[i].lstrip().startswith("#"):
                i += 1  # comment lines inside a continuation are dropped
            if i < len(lines):
                parts.append(lines[i])
            i += 1
        for marker in _HEREDOC.findall(" ".join(parts)):
            while i < len(lines) and lines[i].strip() != marker:
                parts.append(lines[i])
                i += 1
            i += 1
        out.append(
            (start + 1, len(raw) - len(raw.lstrip()) + 1, " ".join(p.strip() for p in parts))
        )
    return out


def parse_dockerfile(root: Path, rel: str) -> Dockerfile:
    lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    instructions, stage = [], -1
    for line, col, text in _logical(lines):
        keyword, _, args = text.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            stage += 1
        instructions.append(Instruction(keyword, args.strip(), line, col, stage))
    return Dockerfile(rel, tuple(instructions), tuple(lines))
