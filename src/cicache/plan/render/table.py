"""`--format table`: one row per entry, for people."""

from __future__ import annotations

from cicache.plan.model import Plan

__all__ = ["HEADERS", "render", "rows"]

HEADERS = ("entry", "cache ref", "reads", "writes", "build-args", "platforms")


def _tail(ref: str) -> str:
    return ref.removeprefix("type=registry,ref=").split(",", 1)[0]


def rows(plan: Plan) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for e in plan.entries:
        reads = " ".join(_tail(r).rsplit(":", 1)[-1] for r in e.cache_from)
        out.append(
            (
                e.selector,
                e.cache_ref,
                reads,
                "yes" if e.cache_to else "no",
                " ".join(f"{k}={v}" for k, v in e.build_args.items()),
                ",".join(e.platforms),
            )
        )
    return out


def render(plan: Plan) -> str:
    """Plain aligned columns (the CLI uses rich instead on a terminal)."""
    table = [HEADERS, *rows(plan)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
