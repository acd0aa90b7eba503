"""The build report: what one entry's build asked of the cache and what the cache served."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from cicache.builders.spec import BuildOutcome

__all__ = ["BuildReport", "hit_ratio"]

Status = Literal["ok", "failed"]


def hit_ratio(cached: int, total: int) -> float | None:
    return round(cached / total, 4) if total else None


@dataclass(frozen=True)
class BuildReport:
    entry: str
    builder: str
    builder_version: str
    cache_ref: str  # where the builder keeps this entry's cache (buildah: a repository)
    cache_from: tuple[str, ...]
    read_cache: bool
    write_requested: bool
    wrote_cache: bool
    export: str  # written, failed, not-requested, nothing-to-export
    export_detail: str
    steps_total: int
    steps_cached: int
    seconds: float
    status: Status = "ok"
    digest: str = ""
    event: str = ""
    ref: str = ""
    sha: str = ""
    executed_steps: tuple[str, ...] = ()  # the instructions that ran (not from the cache)
    warnings: tuple[str, ...] = ()
    pitfalls: tuple[str, ...] = ()
    finished_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )

    @property
    def steps_executed(self) -> int:
        return self.steps_total - self.steps_cached

    @property
    def hit_ratio(self) -> float | None:
        return hit_ratio(self.steps_cached, self.steps_total)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            cache_from=list(self.cache_from),
            executed_steps=list(self.executed_steps),
            warnings=list(self.warnings),
            pitfalls=list(self.pitfalls),
            steps_executed=self.steps_executed,
            hit_ratio=self.hit_ratio,
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BuildReport:
        """A report read back from JSON; ValueError when a field has the wrong type."""
        names = set(cls.__dataclass_fields__)
        kept = {k: v for k, v in data.items() if k in names}
        for key in _LISTS:
            value = kept.get(key) or ()
            kept[key] = tuple(value) if isinstance(value, list | tuple) else value
        for key, value in kept.items():
            if not _well_typed(key, value):
                raise ValueError(f"build report field `{key}` has the wrong type")
        return cls(**kept)


_LISTS = ("cache_from", "executed_steps", "warnings", "pitfalls")
_TYPES: dict[str, type | tuple[type, ...]] = {
    "read_cache": bool, "write_requested": bool, "wrote_cache": bool,
    "steps_total": int, "steps_cached": int, "seconds": (int, float),
}  # fmt: skip


def _well_typed(key: str, value: Any) -> bool:
    """History lines are JSON a person may have edited: check before arithmetic on them."""
    if key in _LISTS:
        return isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    expected = _TYPES.get(key, str)
    return isinstance(value, expected) and (expected is bool or not isinstance(value, bool))


def counts(outcome: BuildOutcome) -> tuple[int, int]:
    """(total, cached) over Dockerfile instructions, `FROM` excluded."""
    steps = outcome.instructions
    return len(steps), sum(1 for s in steps if s.cached)
