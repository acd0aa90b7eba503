"""Build reports as data, JSON interface, history file, aggregation and markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cicache.build import history
from cicache.build.render import aggregate, markdown, rows, stats_rows, to_json
from cicache.build.report import BuildReport

INTERFACE = {"entry", "builder", "cache_ref", "wrote_cache", "steps_total", "steps_cached",
             "seconds"}  # fmt: skip


def report(entry: str = "app:a", cached: int = 2, total: int = 4, **kw: object) -> BuildReport:
    base: dict[str, object] = {
        "entry": entry, "builder": "buildah", "builder_version": "1.28.2", "cache_ref": "r/c/a",
        "cache_from": ("r/c/a",), "read_cache": True, "write_requested": True, "wrote_cache": True,
        "export": "written", "export_detail": "2 step images to r/c/a", "steps_total": total,
        "steps_cached": cached, "seconds": 12.25,
    }  # fmt: skip
    base.update(kw)
    return BuildReport(**base)  # type: ignore[arg-type]


def test_json_interface() -> None:
    (item,) = json.loads(to_json([report()]))
    assert set(item) >= INTERFACE
    assert isinstance(item["wrote_cache"], bool)
    assert (item["steps_executed"], item["hit_ratio"]) == (2, 0.5)


def test_zero_steps_has_no_ratio() -> None:
    assert report(cached=0, total=0).hit_ratio is None
    assert rows([report(cached=0, total=0)])[0][5] == "-"


def test_round_trip_through_history(history_file: Path) -> None:
    original = report(warnings=("w1",), pitfalls=("arg-defeats-remote-cache",))
    history.append([original])
    history_file.write_text(history_file.read_text() + "{broken\n")
    (back,) = history.read()
    assert back == original


def test_history_is_bounded(history_file: Path, monkeypatch: object) -> None:
    history.append([report(entry=f"app:{i}") for i in range(history.KEEP + history.KEEP // 10 + 1)])
    kept = history.read()
    assert len(kept) == history.KEEP
    assert kept[-1].entry == f"app:{history.KEEP + history.KEEP // 10}"


def test_missing_history_is_empty(tmp_path: Path) -> None:
    assert history.read(tmp_path / "none.jsonl") == []


def test_aggregate_per_entry() -> None:
    reports = [
        report("app:a", 0, 4, wrote_cache=True, seconds=60.0),
        report("app:a", 4, 4, wrote_cache=False, seconds=5.0),
        report("app:b", 1, 2, status="failed"),
        report("app:b", 1, 2),
    ]
    a, b = aggregate(reports)
    assert (a.entry, a.builds, a.last_ratio, a.mean_ratio, a.writes) == ("app:a", 2, 1.0, 0.5, 1)
    assert (b.builds, b.last_ratio) == (1, 0.5)  # failed builds are not counted
    assert stats_rows([a])[0] == ["app:a", "2", "100%", "50%", "5.0s", "1", "buildah"]
    assert aggregate(reports, last=1)[0].mean_ratio == 1.0


def test_markdown_step_summary() -> None:
    text = markdown(
        [
            report(),
            report("app:b", export="failed", export_detail="401 | denied", wrote_cache=False,
                   warnings=("cache export failed",)),
        ]
    )  # fmt: skip
    assert text == (
        "### cicache build\n"
        "\n"
        "| entry | builder | cache | steps | cached | hit | time | export |\n"
        "|---|---|---|---|---|---|---|---|\n"
        "| app:a | buildah | read+write | 4 | 2 | 50% | 12.2s | written |\n"
        "| app:b | buildah | read+write | 4 | 2 | 50% | 12.2s | failed: 401 \\| denied |\n"
        "\n"
        "**Warnings**\n"
        "\n"
        "- `app:b`: cache export failed\n"
    )


def test_history_lines_with_wrong_types_are_skipped(history_file: Path) -> None:
    original = report()
    good = original.as_dict()
    damaged = [
        {**good, "steps_total": "10"},
        {**good, "entry": ["app:a"]},
        {**good, "cache_from": "r/c/a"},
        {**good, "wrote_cache": 1},
        {**good, "steps_cached": True},
        {**good, "seconds": None},
    ]
    lines = [json.dumps(d) for d in damaged] + ["null", "[1]", json.dumps(good)]
    history_file.parent.mkdir(parents=True)
    history_file.write_text("\n".join(lines) + "\n")
    assert history.read() == [original]


def test_history_that_is_not_utf8_keeps_its_readable_lines(history_file: Path) -> None:
    original = report()
    history_file.parent.mkdir(parents=True)
    history_file.write_bytes(b"\xff\xfe\n" + json.dumps(original.as_dict()).encode() + b"\n")
    assert history.read() == [original]


def test_history_path_that_is_a_directory_is_a_config_error(tmp_path: Path) -> None:
    from cicache.errors import ConfigError

    with pytest.raises(ConfigError) as exc:
        history.read(tmp_path)
    assert exc.value.message.startswith("cannot read the build history `")
