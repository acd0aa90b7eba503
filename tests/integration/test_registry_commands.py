"""status / inspect / evict / prune against a real docker-registry (distribution 2.8).

Each class populates BuildKit-format cache tags (image-manifest form, OCI index form, Docker
manifest-list form) plus a plain image, runs the commands, and verifies with plain HTTP what
the registry holds afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from cicache.cli.main import main

pytestmark = pytest.mark.integration
ACCEPT = {
    "Accept": "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json,"
    " application/vnd.docker.distribution.manifest.v2+json,"
    " application/vnd.docker.distribution.manifest.list.v2+json"
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_info.value.code or 0), out, err


def held_tags(reg: Any, repo: str = "ci-cache") -> set[str]:
    with reg.http() as http:
        r = http.get(f"/v2/{repo}/tags/list")
        return set(r.json().get("tags") or []) if r.status_code == 200 else set()


def digest_of_tag(reg: Any, tag: str, repo: str = "ci-cache") -> str | None:
    with reg.http() as http:
        r = http.head(f"/v2/{repo}/manifests/{tag}", headers=ACCEPT)
        return r.headers["docker-content-digest"] if r.status_code == 200 else None


def populate(reg: Any, tools: Any) -> dict[str, Any]:
    client = tools.client_for(reg)
    docs = {
        "cache-cpu": tools.write_cache(
            client,
            "ci-cache",
            "cache-cpu",
            [b"base" * 100, b"cpu" * 300],
            created="2026-11-28T10:00:00Z",
        ),
        "cache-gpu": tools.write_cache(
            client,
            "ci-cache",
            "cache-gpu",
            [b"base" * 100, b"gpu" * 500],
            form="index",
            created="2026-08-01T10:00:00Z",
        ),
        "cache-arm": tools.write_cache(
            client,
            "ci-cache",
            "cache-arm",
            [b"arm" * 700],
            form="docker-index",
            created="2026-11-30T10:00:00Z",
        ),
        "base-image": tools.write_image(client, "ci-cache", "base-image", [b"base" * 100]),
    }
    # cache-cpu-main shares cache-cpu's manifest (same digest)
    m = client.get_manifest("ci-cache", "cache-cpu")
    client.put_manifest("ci-cache", "cache-cpu-main", m.raw, m.media_type)
    client.close()
    return docs


class Flow:
    """The command flow, run once anonymously and once with htpasswd basic auth."""

    auth: tuple[str, str] | None = None

    @pytest.fixture
    def reg(
        self, registry: Callable[..., Any], registry_tools: Any, monkeypatch: pytest.MonkeyPatch
    ) -> Any:
        reg = registry(auth=self.auth)
        if self.auth:
            monkeypatch.setenv("CICACHE_REGISTRY_USERNAME", self.auth[0])
            monkeypatch.setenv("CICACHE_REGISTRY_PASSWORD", self.auth[1])
        monkeypatch.setenv("HOME", "/nonexistent")  # no docker config.json from the host
        populate(reg, registry_tools)
        return reg

    def test_status_json(self, reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure", "--json"
        )
        assert code == 0
        doc = json.loads(out)
        tags = {t["tag"]: t for t in doc["tags"]}
        assert set(tags) == {"cache-cpu", "cache-cpu-main", "cache-gpu", "cache-arm", "base-image"}
        assert {t: tags[t]["kind"] for t in tags} == {
            "cache-cpu": "buildkit-cache",
            "cache-cpu-main": "buildkit-cache",
            "cache-gpu": "buildkit-cache",
            "cache-arm": "buildkit-cache",
            "base-image": "image",
        }
        assert (
            tags["cache-cpu"]["layers"],
            tags["cache-gpu"]["layers"],
            tags["cache-arm"]["layers"],
        ) == (2, 2, 1)
        for tag, info in tags.items():
            assert info["digest"] == digest_of_tag(reg, tag)
        # sizes recomputed independently from what the registry serves
        expected_total, blobs = 0, {}
        with reg.http() as http:
            for tag in tags:
                r = http.get(f"/v2/ci-cache/manifests/{tag}", headers=ACCEPT)
                m = r.json()
                descs = [m["config"], *m["layers"]] if "config" in m else m["manifests"]
                expected_total += len(r.content) + sum(d["size"] for d in descs)
                blobs.update({d["digest"]: d["size"] for d in descs})
        assert doc["total_size"] == expected_total
        assert doc["dedup_size"] == sum(blobs.values())
        assert doc["dedup_size"] < doc["total_size"]

    def test_status_table(self, reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, err = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure")
        assert code == 0
        assert "cache-gpu" in out and "buildkit-cache" in out and "base-image" in out
        assert "5 tags" in err

    def test_status_of_a_repository_nobody_wrote(
        self, reg: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, _, err = run(capsys, "status", "--registry", reg.ref("nothing-yet"), "--insecure")
        assert code == 0
        assert "holds no tags: it does not exist yet" in err and "0 tags" in err

    def test_inspect_index_form(self, reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys, "inspect", reg.ref("ci-cache", "cache-gpu"), "--insecure", "--json"
        )
        assert code == 0
        doc = json.loads(out)
        assert (doc["kind"], doc["form"], len(doc["layers"]), len(doc["records"])) == (
            "buildkit-cache",
            "index",
            2,
            2,
        )
        assert doc["records"][0]["created"].startswith("2026-08-01T10:00:00")

    def test_evict_refuses_then_force_removes_only_that_tag(
        self, reg: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        shared = digest_of_tag(reg, "cache-cpu")
        code, _, err = run(
            capsys, "evict", "cache-cpu", "--registry", reg.ref("ci-cache"), "--insecure"
        )
        assert code == 2
        assert err.startswith("error: `cache-cpu` shares its manifest with `cache-cpu-main`")
        assert "cache-cpu" in held_tags(reg)
        code, _, _ = run(
            capsys, "evict", "cache-cpu", "--registry", reg.ref("ci-cache"), "--insecure", "--force"
        )
        assert code == 0
        assert held_tags(reg) == {"cache-cpu-main", "cache-gpu", "cache-arm", "base-image"}
        assert digest_of_tag(reg, "cache-cpu-main") == shared

    def test_evict_dry_run_deletes_nothing(
        self, reg: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, out, _ = run(
            capsys,
            "evict",
            "cache-gpu",
            "--dry-run",
            "--json",
            "--registry",
            reg.ref("ci-cache"),
            "--insecure",
        )
        assert code == 0 and json.loads(out)["deleted"] == ["cache-gpu"]
        assert "cache-gpu" in held_tags(reg)

    def test_prune_match_never_touches_other_images(
        self, reg: Any, capsys: pytest.CaptureFixture[str]
    ) -> None:
        args = ("--registry", reg.ref("ci-cache"), "--insecure", "--json")
        code, out, _ = run(capsys, "prune", "--match", "cache-*", "--dry-run", *args)
        assert code == 0
        assert json.loads(out)["deleted"] == [
            "cache-arm",
            "cache-cpu",
            "cache-cpu-main",
            "cache-gpu",
        ]
        assert len(held_tags(reg)) == 5
        code, out, _ = run(capsys, "prune", "--match", "cache-*", *args)
        assert code == 0 and len(json.loads(out)["deleted"]) == 4
        assert held_tags(reg) == {"base-image"}

    def test_prune_older_than(self, reg: Any, capsys: pytest.CaptureFixture[str]) -> None:
        code, out, _ = run(
            capsys,
            "prune",
            "--match",
            "cache-*",
            "--older-than",
            "30d",
            "--registry",
            reg.ref("ci-cache"),
            "--insecure",
            "--json",
        )
        assert code == 0
        assert json.loads(out)["deleted"] == [
            "cache-gpu"
        ]  # written 2026-08-01, the others recently
        assert held_tags(reg) == {"cache-cpu", "cache-cpu-main", "cache-arm", "base-image"}


class TestAnonymousRegistry(Flow):
    auth = None


class TestBasicAuthRegistry(Flow):
    auth = ("ciuser", "cipass")

    def test_wrong_password_is_one_line(
        self, reg: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("CICACHE_REGISTRY_PASSWORD", "not-the-password")
        code, out, err = run(capsys, "status", "--registry", reg.ref("ci-cache"), "--insecure")
        assert code == 3 and out == ""
        assert (
            err.splitlines()[0] == f"error: registry {reg.host} answered 401 for ci-cache:"
            " check credentials (UNAUTHORIZED)"
        )
        assert "not-the-password" not in err and "Traceback" not in err
