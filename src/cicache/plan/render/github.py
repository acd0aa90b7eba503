"""`--format github`: step outputs in `$GITHUB_OUTPUT` syntax.

Multi-line values use the heredoc form `name<<DELIMITER`. The delimiter is derived from the
value (not random), so output is byte-stable, and it is checked not to occur in the value,
so a crafted value cannot end the block early and inject other outputs.

Outputs: `matrix` (JSON list of all entries, for `fromJSON`), `writes`, `refresh-value`, and,
when exactly one entry is planned, `cache-ref`, `cache-from`, `cache-to`, `build-args`
(newline-separated, as docker/build-push-action takes them), `platforms`, and
`native-restore` / `native-save` (space-separated names of the native caches that apply, for
`cicache restore` / `cicache save`; `native-save` is empty where the event may not write).
"""

from __future__ import annotations

import hashlib
import json

from cicache.plan.model import Plan

__all__ = ["output", "render"]


def output(name: str, value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return f"{name}={value}\n"
    seed = value
    while True:
        delimiter = "ghadelimiter_" + hashlib.sha256(seed.encode()).hexdigest()[:24]
        if delimiter not in value:
            return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"
        seed += "\0"


def render(plan: Plan) -> str:
    entries = [e.as_dict() for e in plan.entries]
    text = output("matrix", json.dumps(entries, separators=(",", ":"), ensure_ascii=False))
    text += output("writes", "true" if plan.access.write else "false")
    text += output("refresh-value", plan.refresh_value)
    if len(plan.entries) == 1:
        entry = plan.entries[0]
        text += output("cache-ref", entry.cache_ref)
        text += output("cache-from", "\n".join(entry.cache_from))
        text += output("cache-to", entry.cache_to or "")
        text += output("build-args", "\n".join(f"{k}={v}" for k, v in entry.build_args.items()))
        text += output("platforms", ",".join(entry.platforms))
        text += output("native-restore", " ".join(entry.native_restore))
        text += output("native-save", " ".join(entry.native_save))
    return text.rstrip("\n")
