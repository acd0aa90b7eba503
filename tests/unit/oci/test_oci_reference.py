from __future__ import annotations

import pytest

from cicache.errors import UsageError
from cicache.oci.reference import parse_image_ref, parse_repo_ref


@pytest.mark.parametrize(
    ("text", "host", "repo"),
    [
        ("quay.io/go-skynet/ci-cache", "quay.io", "go-skynet/ci-cache"),
        ("127.0.0.1:5000/ci-cache", "127.0.0.1:5000", "ci-cache"),
        ("localhost/a/b/c", "localhost", "a/b/c"),
        ("docker.io/org/app", "registry-1.docker.io", "org/app"),
        ("alpine", "registry-1.docker.io", "library/alpine"),
        ("org/app", "registry-1.docker.io", "org/app"),
        ("[::1]:5000/ci-cache", "[::1]:5000", "ci-cache"),
        ("Registry.Example.COM:65535/x", "registry.example.com:65535", "x"),
    ],
)
def test_repo_refs(text: str, host: str, repo: str) -> None:
    ref = parse_repo_ref(text)
    assert (ref.host, ref.repo) == (host, repo)


def test_image_ref_port_is_not_a_tag() -> None:
    ref = parse_image_ref("127.0.0.1:5000/ci-cache", default_tag="latest")
    assert (ref.repo_ref.host, ref.repo_ref.repo, ref.reference) == (
        "127.0.0.1:5000",
        "ci-cache",
        "latest",
    )
    tagged = parse_image_ref("127.0.0.1:5000/ci-cache:cache-cpu")
    assert tagged.reference == "cache-cpu"
    assert str(tagged) == "127.0.0.1:5000/ci-cache:cache-cpu"


def test_digest_refs() -> None:
    digest = "sha256:" + "a" * 64
    ref = parse_image_ref(f"quay.io/o/r@{digest}")
    assert ref.is_digest and str(ref) == f"quay.io/o/r@{digest}"


@pytest.mark.parametrize(
    "bad",
    [
        "quay.io/UPPER/case",
        "quay.io/o/r:bad tag",
        "quay.io/o/r@sha256:xyz",
        "127.0.0.1:abc/x",  # was an internal error (httpx InvalidURL)
        "a..b/x",  # was an internal error (idna: empty label)
        "127.0.0.1:/x",
        "127.0.0.1:99999/x",
        "127.0.0.1:0/x",
        "-x.com/y",
        "ho st.com/x",
    ],
)
def test_invalid_refs_are_usage_errors(bad: str) -> None:
    with pytest.raises(UsageError):
        parse_image_ref(bad)
