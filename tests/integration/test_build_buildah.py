"""End to end: `cicache build` with real buildah and a real docker-registry.

buildah runs with the vfs storage driver and chroot isolation, storage under the test's tmp
dir (CONTAINERS_STORAGE_CONF), and a registries.conf marking the test registry insecure. The
base image is busybox-static's `/bin/busybox` in an otherwise empty image, pushed to the
test registry. "Wiping local storage" is what a fresh CI runner looks like.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cicache.cli.main import main

pytestmark = pytest.mark.integration

BUSYBOX = Path("/bin/busybox")
PUSH = ("--event", "push", "--ref", "main")
PR = ("--event", "pull_request", "--ref", "refs/pull/9/merge", "--base-ref", "main")
WEEK1, WEEK2 = ("--at", "2026-11-30"), ("--at", "2026-12-07")

PLAIN = """\
FROM {base}
RUN echo one > /one.txt
COPY data.txt /data.txt
RUN cat /data.txt /one.txt > /both.txt
"""
REFRESH = """\
FROM {base}
RUN echo one > /one.txt
COPY data.txt /data.txt
ARG DEPS_REFRESH=initial
RUN echo "deps $DEPS_REFRESH" > /deps.txt
RUN cat /deps.txt /data.txt > /all.txt
"""
CONFIG = """\
[cache]
registry = "{cache}"
[registry]
insecure = ["{host}"]
[policy]
default-branch = "main"
[refresh]
dockerfiles = ["Dockerfile.refresh"]
[target.app]
tag = "cache-{{name}}"
name = "{{name}}"
dockerfile = "{{dockerfile}}"
entries = [
  {{ name = "plain", dockerfile = "Dockerfile.plain" }},
  {{ name = "refresh", dockerfile = "Dockerfile.refresh" }},
]
"""


@dataclass
class Env:
    project: Path
    storage: Path
    reg: Any
    client: Any
    capsys: pytest.CaptureFixture[str]

    def cicache(self, *args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exc:
            main(["build", "-C", str(self.project), "--json", *args])
        out = self.capsys.readouterr()
        code = exc.value.code if isinstance(exc.value.code, int) else 1
        return code, out.out, out.err

    def build(self, *args: str) -> dict[str, Any]:
        code, out, err = self.cicache(*args)
        assert code == 0, err
        (report,) = json.loads(out)
        report["stderr"] = err
        return report

    def wipe(self) -> None:
        """A fresh runner: no local images, no layers."""
        shutil.rmtree(self.storage)

    def tags(self, repo: str) -> set[str]:
        return set(self.client.list_tags(repo))


def _buildah(*args: str) -> None:
    subprocess.run(["buildah", *args], check=True, capture_output=True)


def _write_storage(tmp: Path, host: str) -> dict[str, str]:
    storage = tmp / "storage"
    (tmp / "storage.conf").write_text(
        f'[storage]\ndriver = "vfs"\nrunroot = "{storage}/run"\ngraphroot = "{storage}/root"\n'
    )
    (tmp / "registries.conf").write_text(
        f'unqualified-search-registries = []\n[[registry]]\nlocation = "{host}"\ninsecure = true\n'
    )
    return {
        "CONTAINERS_STORAGE_CONF": str(tmp / "storage.conf"),
        "CONTAINERS_REGISTRIES_CONF": str(tmp / "registries.conf"),
        "BUILDAH_ISOLATION": "chroot",
        "CICACHE_HISTORY": str(tmp / "history.jsonl"),
    }


def _push_base(tmp: Path, host: str) -> str:
    context = tmp / "base"
    (context / "bin").mkdir(parents=True)
    shutil.copy2(BUSYBOX, context / "bin" / "busybox")
    (context / "bin" / "sh").symlink_to("busybox")
    (context / "bin" / "cat").symlink_to("busybox")
    (context / "Dockerfile").write_text("FROM scratch\nCOPY bin /bin\n")
    image = f"{host}/base:1"
    _buildah("bud", "--layers", "--tag", image, str(context))
    _buildah("push", "--tls-verify=false", image)
    return image


@pytest.fixture
def env(
    tmp_path: Path,
    registry: Callable[..., Any],
    registry_tools: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Env]:
    if shutil.which("buildah") is None or not BUSYBOX.is_file():
        pytest.skip("needs buildah and busybox-static (installed by .ci/run)")
    if os.geteuid() != 0:
        pytest.skip("buildah with vfs + chroot is exercised as root (as in CI)")
    for var in ("GITHUB_ACTIONS", "GITLAB_CI", "CI", "GITHUB_STEP_SUMMARY", "CICACHE_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    reg = registry()
    for key, value in _write_storage(tmp_path, reg.host).items():
        monkeypatch.setenv(key, value)
    base = _push_base(tmp_path, reg.host)
    project = tmp_path / "project"
    project.mkdir()
    (project / "data.txt").write_text("hello\n")
    (project / "Dockerfile.plain").write_text(PLAIN.format(base=base))
    (project / "Dockerfile.refresh").write_text(REFRESH.format(base=base))
    (project / "cicache.toml").write_text(CONFIG.format(cache=reg.ref("cache"), host=reg.host))
    client = registry_tools.client_for(reg)
    yield Env(project, tmp_path / "storage", reg, client, capsys)
    client.close()


def test_cold_build_writes_and_a_fresh_runner_gets_every_step_from_the_cache(env: Env) -> None:
    cold = env.build("--entry", "plain", *PUSH)
    assert (cold["builder"], cold["cache_ref"]) == ("buildah", env.reg.ref("cache/cache-plain"))
    assert (cold["steps_total"], cold["steps_cached"], cold["wrote_cache"]) == (3, 0, True)
    written = env.tags("cache/cache-plain")
    assert len(written) == 3 and all(re.fullmatch(r"[0-9a-f]{64}", t) for t in written)

    env.wipe()
    warm = env.build("--entry", "plain", *PUSH)
    assert (warm["steps_total"], warm["steps_cached"]) == (3, 3)
    assert warm["hit_ratio"] == 1.0
    assert warm["wrote_cache"] is False and warm["export"] == "nothing-to-export"
    assert "Cache pulled from remote" in warm["stderr"]
    assert env.tags("cache/cache-plain") == written


def test_pull_request_reads_but_writes_nothing(env: Env) -> None:
    env.build("--entry", "plain", *PUSH)
    written = env.tags("cache/cache-plain")
    env.wipe()
    (env.project / "data.txt").write_text("changed by the pull request\n")
    pr = env.build("--entry", "plain", *PR)
    assert pr["read_cache"] is True and pr["write_requested"] is False
    assert pr["wrote_cache"] is False and pr["export"] == "not-requested"
    # RUN echo one comes from the cache; COPY of the changed file and what follows re-run
    assert (pr["steps_total"], pr["steps_cached"]) == (3, 1)
    assert "--> Pushing cache" not in pr["stderr"]
    assert env.tags("cache/cache-plain") == written


def test_refresh_arg_change_reruns_only_the_steps_after_the_arg(env: Env) -> None:
    first = env.build("--entry", "refresh", *PUSH, *WEEK1)
    assert (first["steps_total"], first["steps_cached"]) == (5, 0)
    second = env.build("--entry", "refresh", *PUSH, *WEEK2)
    lines = Path(os.environ["CICACHE_HISTORY"]).read_text().splitlines()
    history = [json.loads(line) for line in lines]
    assert [h["entry"] for h in history] == ["app:refresh", "app:refresh"]
    # same runner: RUN echo one and COPY are cached; the RUNs after the ARG re-run
    assert second["steps_total"] == 5
    ran = [s for s in second["executed_steps"] if not s.startswith("ARG ")]
    assert ran == [
        'RUN echo "deps $DEPS_REFRESH" > /deps.txt',
        "RUN cat /deps.txt /data.txt > /all.txt",
    ]
    assert second["wrote_cache"] is True


def test_fresh_runner_with_arg_reports_the_old_buildah_pitfall(env: Env) -> None:
    env.build("--entry", "refresh", *PUSH, *WEEK1)
    env.wipe()
    warm = env.build("--entry", "refresh", *PUSH, *WEEK1)
    version = tuple(int(p) for p in warm["builder_version"].split("."))
    if version < (1, 29, 0):
        assert warm["pitfalls"] == ["arg-defeats-remote-cache"]
        assert "warning: `app:refresh`: buildah" in warm["stderr"]
        assert "buildah#4315" in warm["stderr"]
        # the known bug: only the steps before the ARG come from the remote cache
        assert warm["steps_cached"] == 2
        assert warm["executed_steps"][0] == "ARG DEPS_REFRESH=initial"
    else:
        assert warm["pitfalls"] == []
        assert warm["steps_cached"] == warm["steps_total"] == 5


def test_cache_push_failure_is_a_warning_with_ignore_error(env: Env) -> None:
    from tests.integration.conftest import free_port

    dead = f"127.0.0.1:{free_port()}"
    text = (env.project / "cicache.toml").read_text()
    text = text.replace(env.reg.ref("cache"), f"{dead}/cache")
    text = text.replace(
        f'insecure = ["{env.reg.host}"]', f'insecure = ["{env.reg.host}", "{dead}"]'
    )
    (env.project / "cicache.toml").write_text(text)
    report = env.build("--entry", "plain", *PUSH)
    assert report["export"] == "failed" and report["wrote_cache"] is False
    assert "failed" in report["export_detail"] or "connection refused" in report["export_detail"]
    assert "warning: `app:plain`: cache export failed (ignore-error is on)" in report["stderr"]
    assert report["steps_total"] == 3


def test_build_failure_exits_5_with_the_builders_error(env: Env) -> None:
    (env.project / "Dockerfile.plain").write_text(
        (env.project / "Dockerfile.plain").read_text() + "RUN exit 7\n"
    )
    code, out, err = env.cicache("--entry", "plain", *PUSH)
    assert code == 5 and out == ""
    (last,) = [line for line in err.splitlines() if line.startswith("error:")]
    assert last.startswith("error: build of `app:plain` failed: buildah exited with status 7")
    assert 'Error: building at STEP "RUN exit 7"' in last


def test_push_puts_the_image_in_the_registry(env: Env) -> None:
    text = (env.project / "cicache.toml").read_text()
    image = env.reg.ref("images/{name}", "1")
    text = text.replace('name = "{name}"\n', f'name = "{{name}}"\nimage = "{image}"\n')
    (env.project / "cicache.toml").write_text(text)
    report = env.build("--entry", "plain", "--push", *PUSH)
    assert report["digest"].startswith("sha256:")
    assert env.tags("images/plain") == {"1"}
