"""status / evict / prune over the in-memory registry: what is deleted, what is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fake_registry import FakeRegistry

from cicache.errors import RegistryError, UsageError
from cicache.manage.deletion import plan_deletions
from cicache.manage.evict import evict
from cicache.manage.inventory import take_inventory
from cicache.manage.prune import PruneRules, prune
from cicache.manage.session import RepoSession
from cicache.manage.status import report_json, status

NOW = datetime(2026, 12, 4, tzinfo=UTC)


def _tags(fake: FakeRegistry) -> set[str]:
    return set(fake.repo("ci-cache").tags)


def test_status_json_shape_and_dedup(seeded: FakeRegistry, session: RepoSession) -> None:
    progress: list[tuple[int, int]] = []
    doc = report_json(status(session, progress=lambda d, t: progress.append((d, t))))
    by_tag = {t["tag"]: t for t in doc["tags"]}
    assert sorted(by_tag) == [
        "base",
        "cache-a",
        "cache-a-main",
        "cache-b",
        "cache-noage",
        "cache-old",
    ]
    assert {k: by_tag[k]["kind"] for k in ("base", "cache-a", "cache-b")} == {
        "base": "image",
        "cache-a": "buildkit-cache",
        "cache-b": "buildkit-cache",
    }
    assert by_tag["cache-a"]["layers"] == 2 and by_tag["cache-b"]["form"] == "index"
    assert by_tag["cache-a"]["digest"] == by_tag["cache-a-main"]["digest"]
    assert doc["total_size"] == sum(t["size"] for t in doc["tags"])
    # every blob once: the shared layer S*50 and cache-a's blobs count once despite two tags
    blobs = seeded.repo("ci-cache").blobs
    assert doc["dedup_size"] == sum(len(b) for b in blobs.values())
    assert progress[-1] == (6, 6)


def test_status_with_configured_entries(seeded: FakeRegistry, session: RepoSession) -> None:
    report = status(session, [("backend -cpu", "cache-a"), ("backend -gpu", "cache-gpu")])
    assert [(r.name, r.state) for r in report.entries] == [
        ("backend -cpu", "warm"),
        ("backend -gpu", "cold"),
    ]
    assert "cache-a" not in [t.tag for t in report.orphans] and "base" in [
        t.tag for t in report.orphans
    ]
    assert report_json(report)["entries"][1] == {
        "entry": "backend -gpu",
        "tag": "cache-gpu",
        "state": "cold",
    }


def test_plan_groups_by_digest(seeded: FakeRegistry, session: RepoSession) -> None:
    inv = take_inventory(session.client, session.repo)
    plan, shared = plan_deletions(inv, ["cache-a", "cache-b"])
    assert {(d.tags, d.method) for d in plan} == {(("cache-a",), "tag"), (("cache-b",), "digest")}
    assert [(s.tag, s.others) for s in shared] == [("cache-a", ("cache-a-main",))]
    plan, shared = plan_deletions(inv, ["cache-a", "cache-a-main"])
    assert [(d.tags, d.method) for d in plan] == [
        (("cache-a", "cache-a-main"), "digest")
    ] and not shared


def test_evict_refuses_shared_manifest_naming_the_others(
    seeded: FakeRegistry, session: RepoSession
) -> None:
    before = _tags(seeded)
    with pytest.raises(
        UsageError, match="`cache-a` shares its manifest with `cache-a-main`"
    ) as info:
        evict(session, ["cache-a"])
    assert info.value.hint and "--force" in info.value.hint
    # with a configuration, branch-scoped tags are not entries: say how to name them
    assert "--registry REPO" in info.value.hint
    assert _tags(seeded) == before


def test_evict_force_removes_only_the_named_tag(seeded: FakeRegistry, session: RepoSession) -> None:
    result = evict(session, ["cache-a"], force=True)
    assert result.tags == ["cache-a"]
    assert _tags(seeded) == {"cache-a-main", "cache-b", "cache-old", "cache-noage", "base"}


def test_evict_dry_run_and_globs(seeded: FakeRegistry, session: RepoSession) -> None:
    result = evict(session, ["cache-o*", "cache-b"], dry_run=True)
    assert result.tags == ["cache-b", "cache-old"] and len(_tags(seeded)) == 6
    evict(session, ["cache-o*", "cache-b"])
    assert _tags(seeded) == {"cache-a", "cache-a-main", "cache-noage", "base"}


def test_evict_unknown_tag_is_one_line(seeded: FakeRegistry, session: RepoSession) -> None:
    with pytest.raises(RegistryError, match=r"^tag `nope` not found in fake.test:5000/ci-cache$"):
        evict(session, ["nope"])
    with pytest.raises(UsageError, match="matches `zz\\*`"):
        evict(session, ["zz*"])


def test_prune_only_touches_matching_tags(seeded: FakeRegistry, session: RepoSession) -> None:
    result = prune(session, PruneRules(globs=("cache-*",)), now=NOW)
    assert result.tags == ["cache-a", "cache-a-main", "cache-b", "cache-noage", "cache-old"]
    assert _tags(seeded) == {"base"}


def test_prune_older_than_keeps_young_and_unknown(
    seeded: FakeRegistry, session: RepoSession
) -> None:
    rules = PruneRules(globs=("cache-*",), older_than=timedelta(days=30))
    dry = prune(session, rules, dry_run=True, now=NOW)
    assert dry.tags == ["cache-old"] and len(_tags(seeded)) == 6
    assert {(k.tag, k.reason) for k in dry.kept} >= {
        ("cache-noage", "age unknown"),
        ("cache-b", "younger than the limit"),
    }
    prune(session, rules, now=NOW)
    assert "cache-old" not in _tags(seeded) and "cache-b" in _tags(seeded)


def test_prune_keeps_tags_sharing_a_manifest_with_non_candidates(
    seeded: FakeRegistry, session: RepoSession
) -> None:
    result = prune(session, PruneRules(globs=("cache-a",)), now=NOW)
    assert [(d.tags, d.method) for d in result.deletions] == [(("cache-a",), "tag")]
    assert "cache-a-main" in _tags(seeded)


def test_prune_orphans_spares_produced_tags(seeded: FakeRegistry, session: RepoSession) -> None:
    rules = PruneRules(
        globs=("cache-*",), produced=frozenset({"cache-a", "cache-a-main", "cache-b"})
    )
    assert prune(session, rules, dry_run=True, now=NOW).tags == ["cache-noage", "cache-old"]


def test_prune_needs_globs(session: RepoSession) -> None:
    with pytest.raises(UsageError, match="nothing to prune"):
        prune(session, PruneRules(globs=()))


class _NoTimes:
    name = "quay"

    def tag_times(self, repo: str) -> dict[str, datetime]:
        raise RegistryError("registry quay.io answered 401 for ci-cache: check credentials")


class _Times(_NoTimes):
    def tag_times(self, repo: str) -> dict[str, datetime]:
        return {"cache-noage": datetime(2026, 1, 1, tzinfo=UTC)}


def test_status_survives_a_failing_times_api(seeded: FakeRegistry, session: RepoSession) -> None:
    session.provider = _NoTimes()  # type: ignore[assignment]
    doc = report_json(status(session))
    assert len(doc["tags"]) == 6
    assert doc["warnings"][0].startswith(
        "no tag times from the quay API: registry quay.io answered 401"
    )


def test_provider_times_win_and_age_unknown_tags(
    seeded: FakeRegistry, session: RepoSession
) -> None:
    session.provider = _Times()  # type: ignore[assignment]
    doc = report_json(status(session))
    assert {t["tag"]: t["last_written"] for t in doc["tags"]}[
        "cache-noage"
    ] == "2026-01-01T00:00:00Z"
    result = prune(
        session,
        PruneRules(globs=("cache-no*",), older_than=timedelta(days=30)),
        dry_run=True,
        now=NOW,
    )
    assert result.tags == ["cache-noage"]


def test_status_reports_an_unreadable_tag_but_evict_refuses_it(
    seeded: FakeRegistry, session: RepoSession
) -> None:
    seeded.broken.add("cache-old")
    doc = report_json(status(session))
    row = {t["tag"]: t for t in doc["tags"]}["cache-old"]
    assert (row["kind"], row["size"]) == ("other", 0)
    assert (
        row["error"]
        == "registry fake.test:5000 answered 500 for ci-cache: UNKNOWN: storage failure"
    )
    assert any(w.startswith("`cache-old`: registry") for w in doc["warnings"])
    with pytest.raises(RegistryError, match="answered 500"):
        prune(session, PruneRules(globs=("cache-*",)), now=NOW)
    assert "cache-old" in _tags(seeded) and len(_tags(seeded)) == 6
