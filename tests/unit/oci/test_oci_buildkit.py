"""Classifying and sizing tags: both BuildKit envelopes, images, image indexes, junk."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from cicache.errors import RegistryError
from cicache.oci import mediatypes as mt
from cicache.oci.buildkit import CONFIG_WARN, summarize
from cicache.oci.cacheconfig import parse_cache_config
from cicache.oci.manifest import Manifest

L1 = {
    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
    "digest": "sha256:" + "1" * 64,
    "size": 100,
    "annotations": {"buildkit/createdat": "2026-10-01T08:00:00.123456789Z"},
}
L2 = {
    "mediaType": "application/vnd.oci.image.layer.v1.tar+zstd",
    "digest": "sha256:" + "2" * 64,
    "size": 250,
    "annotations": {"buildkit/createdat": "2026-11-02T09:30:00Z"},
}
CFG = {"mediaType": mt.BUILDKIT_CACHE_CONFIG, "digest": "sha256:" + "c" * 64, "size": 40}


def _m(doc: dict[str, Any], content_type: str = "") -> Manifest:
    return Manifest.from_bytes(json.dumps(doc).encode(), content_type)


def _no_children(digest: str) -> Manifest:
    raise AssertionError("BuildKit index children are blobs and must not be fetched")


def test_image_manifest_form() -> None:
    m = _m({"schemaVersion": 2, "mediaType": mt.OCI_MANIFEST, "config": CFG, "layers": [L1, L2]})
    s = summarize("cache-cpu", m, _no_children)
    assert (s.kind, s.form, s.layers) == ("buildkit-cache", "image-manifest", 2)
    assert s.size == m.size + 40 + 100 + 250
    assert s.blobs == {L1["digest"]: 100, L2["digest"]: 250, CFG["digest"]: 40}
    assert s.created == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("index_type", [mt.OCI_INDEX, mt.DOCKER_MANIFEST_LIST])
def test_index_form(index_type: str) -> None:
    m = _m({"schemaVersion": 2, "mediaType": index_type, "manifests": [L1, CFG, L2]})
    s = summarize("cache-gpu", m, _no_children)
    assert (s.kind, s.form, s.layers, s.media_type) == ("buildkit-cache", "index", 2, index_type)
    assert s.size == m.size + 390
    assert s.config is not None and s.config.digest == CFG["digest"]


def test_plain_image_and_multi_arch_index() -> None:
    img_cfg = {"mediaType": mt.OCI_CONFIG, "digest": "sha256:" + "e" * 64, "size": 10}
    child = _m(
        {"schemaVersion": 2, "mediaType": mt.OCI_MANIFEST, "config": img_cfg, "layers": [L1]}
    )
    single = summarize("base", child, _no_children)
    assert (single.kind, single.layers, single.created) == (
        "image",
        1,
        datetime(2026, 10, 1, 8, 0, 0, 123456, tzinfo=UTC),
    )
    index = _m(
        {
            "schemaVersion": 2,
            "mediaType": mt.OCI_INDEX,
            "manifests": [
                {"mediaType": mt.OCI_MANIFEST, "digest": child.digest, "size": child.size},
                {"mediaType": mt.OCI_MANIFEST, "digest": child.digest, "size": child.size},
            ],
        }
    )
    s = summarize("multi", index, lambda d: child)
    assert (s.kind, s.layers) == ("image", 2)
    assert s.size == index.size + 2 * single.size


def test_artifact_is_other() -> None:
    cfg = {"mediaType": mt.OCI_EMPTY, "digest": "sha256:" + "4" * 64, "size": 2}
    s = summarize(
        "native",
        _m({"schemaVersion": 2, "mediaType": mt.OCI_MANIFEST, "config": cfg, "layers": []}),
        _no_children,
    )
    assert s.kind == "other" and s.error is None


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"not json{", "not JSON"),
        (b"[1, 2]", "not a JSON object"),
        (
            json.dumps({"mediaType": mt.OCI_MANIFEST, "config": {"digest": 3}}).encode(),
            "lacks a digest",
        ),
        (json.dumps({"mediaType": mt.OCI_INDEX, "manifests": "x"}).encode(), "not a list"),
    ],
)
def test_malformed_manifests_are_a_handled_state(raw: bytes, reason: str) -> None:
    s = summarize("junk", Manifest.from_bytes(raw), _no_children)
    assert s.kind == "other" and s.error and reason in s.error


def test_config_near_limit() -> None:
    big = {**CFG, "size": CONFIG_WARN + 1}
    s = summarize(
        "t", _m({"mediaType": mt.OCI_MANIFEST, "config": big, "layers": []}), _no_children
    )
    assert s.config_near_limit


def test_cache_config_records_and_parents() -> None:
    raw = json.dumps(
        {
            "layers": [{"blob": L1["digest"], "parent": -1}, {"blob": L2["digest"]}],
            "records": [
                {
                    "digest": "sha256:" + "a" * 64,
                    "layers": [{"layer": 1, "createdAt": "2026-11-02T09:30:00Z"}],
                    "inputs": [[{"selector": "", "link": 0}]],
                },
                {
                    "digest": "sha256:" + "b" * 64,
                    "chains": [{"layers": [0], "createdat": "2026-10-01T00:00:00Z"}],
                },
            ],
        }
    ).encode()
    cfg = parse_cache_config(raw, "t")
    assert [layer.parent for layer in cfg.layers] == [-1, 0]  # absent parent means 0 (Go omitempty)
    assert [(r.layers, r.inputs) for r in cfg.records] == [((1,), 1), ((0,), 0)]
    assert cfg.newest == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
    with pytest.raises(RegistryError, match="malformed BuildKit cache config"):
        parse_cache_config(b'{"layers": [{"parent": 1}]}', "t")
