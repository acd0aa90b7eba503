"""Every renderer on the example monorepo, push and pull-request contexts: golden files.

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/unit/plan`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cicache.ci import Context
from cicache.config import load_config
from cicache.plan import Plan, compute_plan
from cicache.plan.render import RENDERERS

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "monorepo"
GOLDEN = Path(__file__).parent / "golden"
AT = datetime(2027, 1, 1, 9, tzinfo=UTC)
CONTEXTS = {
    "push": Context(provider="github", event="push", ref="refs/heads/main", default_branch="main"),
    "pr": Context(
        provider="github",
        event="pull_request",
        ref="refs/pull/7/merge",
        default_branch="main",
        base_ref="main",
    ),
}


def make_plan(name: str) -> Plan:
    return compute_plan(load_config(EXAMPLE), CONTEXTS[name], at=AT)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("context", sorted(CONTEXTS))
def test_golden(context: str, fmt: str) -> None:
    text = RENDERERS[fmt](make_plan(context)) + "\n"
    path = GOLDEN / f"{context}.{fmt}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()


def test_output_is_byte_stable() -> None:
    assert [RENDERERS[f](make_plan("push")) for f in RENDERERS] == [
        RENDERERS[f](make_plan("push")) for f in RENDERERS
    ]


def test_json_interface() -> None:
    data = json.loads(RENDERERS["json"](make_plan("pr")))
    for item in data:
        assert {"entry", "cache_from", "cache_to", "build_args"} <= item.keys()
        assert isinstance(item["cache_from"], list) and item["cache_to"] is None
    push = json.loads(RENDERERS["json"](make_plan("push")))
    assert all(
        i["cache_to"].endswith(
            ",mode=max,ignore-error=true,image-manifest=true,oci-mediatypes=true"
        )
        for i in push
    )


def test_buildx_lines_start_with_the_selector() -> None:
    plan = make_plan("push")
    lines = RENDERERS["buildx"](plan).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [e.selector for e in plan.entries]
    assert all("--cache-to type=registry,ref=" in line for line in lines)
    pr_lines = RENDERERS["buildx"](make_plan("pr")).splitlines()
    assert all(
        "--cache-to" not in line and "--cache-from type=registry" in line for line in pr_lines
    )


def test_bake_has_one_target_per_entry() -> None:
    plan = make_plan("push")
    bake = json.loads(RENDERERS["bake"](plan))
    assert len(bake["target"]) == len(plan.entries) == len(bake["group"]["default"]["targets"])
    assert all(len(t["cache-to"]) == 1 for t in bake["target"].values())


def test_bake_target_names_stay_distinct(project: Callable[..., Path]) -> None:
    # `x_y` + `z` and `x` + `y_z` both sanitise to `x_y_z`: neither entry may vanish
    root = project(
        **{
            "cicache.toml": '[cache]\nregistry = "q.io/o/c"\n'
            '[target.x_y]\ntag = "z"\n[target.x]\ntag = "y_z"\n[target."x.y"]\ntag = "zz"\n'
            '[target."x y"]\ntag = "zz-2"\n'
        }
    )
    plan = compute_plan(load_config(root), CONTEXTS["push"], at=AT)
    document = json.loads(RENDERERS["bake"](plan))
    targets = document["target"]
    assert document["group"]["default"]["targets"] == list(targets)
    assert len(targets) == len(plan.entries) == 4
    assert [t["cache-from"][0].rsplit(":", 1)[1] for t in targets.values()] == [
        e.name for e in plan.entries
    ]
