from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cicache.keys.resolve import KeyInputs, resolve_key, resolve_template
from cicache.keys.template import TemplateError

NOW = datetime(2027, 1, 1, 13, 5, tzinfo=UTC)  # ISO week-year 2026, week 53


def inputs(root: Path, **kw: object) -> KeyInputs:
    base: dict[str, object] = {
        "root": root,
        "fields": {"backend": "vllm", "lang": "python"},
        "context": {"os": "darwin", "arch": "arm64", "branch": "main"},
        "env": {"PY": "3.12"},
        "now": NOW,
    }
    base.update(kw)
    return KeyInputs(**base)  # type: ignore[arg-type]


def test_fields_context_env_and_cadence(tmp_path: Path) -> None:
    text = "pyenv-{os}-{arch}-{backend}-{env.PY}-{isoweek}-{date}-{hour}-{month}"
    got = resolve_template(text, inputs(tmp_path))
    assert got == "pyenv-darwin-arm64-vllm-3.12-2026-W53-2027-01-01-2027-01-01-13-2027-01"


def test_entry_field_wins_over_context(tmp_path: Path) -> None:
    got = resolve_template("{os}", inputs(tmp_path, fields={"os": "custom"}))
    assert got == "custom"


def test_hashfiles_and_file_regex(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("")
    (tmp_path / "Makefile").write_text("X=1\nLLAMA_VERSION?=b4567 # pinned\n")
    text = "ccache-{file('Makefile', 'LLAMA_VERSION\\?=(\\S+)')}-{hashFiles('requirements.txt')}"
    got = resolve_template(text, inputs(tmp_path))
    assert got == "ccache-b4567-5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"


def test_hashfiles_follow_flag_and_double_quotes(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a").write_text("")
    (tmp_path / "link").symlink_to("real")
    plain = resolve_template('{hashFiles("link/**")|none}', inputs(tmp_path))
    follow = resolve_template("{hashFiles('--follow-symbolic-links', 'link/**')}", inputs(tmp_path))
    assert plain == "none"
    assert follow == "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("k-{hashFiles('nothing')}", r"no value .*: hashFiles\(\) matched no file"),
        ("k-{file('missing', 'x')}", "cannot read"),
        ("k-{file('Makefile', 'NOPE=(.*)')}", "does not match"),
        ("k-{nope('x')}", "unknown function"),
        ("k-{hashFiles('--bogus', 'x')}", "unknown option"),
        ("k-{hashFiles('../x')}", "relative pathing"),
        ("k-{hashFiles(x)}", "quoted strings"),
        ("k-{missing}", r"no value .*: `missing` is not an entry field \(`-f missing=VALUE`\)"),
        ("k-{env.NOPE}", "environment variable `NOPE` is not set"),
        ("k-{hashFiles('{missing}/x')}", r"no value for `\{missing\}` in `\{missing\}/x`$"),
    ],
)
def test_errors(tmp_path: Path, template: str, message: str) -> None:
    (tmp_path / "Makefile").write_text("A=1\n")
    with pytest.raises(TemplateError, match=message):
        resolve_template(template, inputs(tmp_path))


def test_empty_hash_allowed_with_empty_fallback(tmp_path: Path) -> None:
    assert resolve_template("k-{hashFiles('nothing')|}", inputs(tmp_path)) == "k-"


def test_restore_keys_resolved_in_order(tmp_path: Path) -> None:
    got = resolve_key("w-{backend}-{isoweek}", ("w-{backend}-", "w-"), inputs(tmp_path))
    assert got.key == "w-vllm-2026-W53"
    assert got.restore_keys == ("w-vllm-", "w-")


def test_key_length_limit(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="limit is 512"):
        resolve_template("x" * 513, inputs(tmp_path))


def test_placeholders_inside_function_paths(tmp_path: Path) -> None:
    (tmp_path / "backend" / "vllm").mkdir(parents=True)
    (tmp_path / "backend" / "vllm" / "requirements.txt").write_text("")
    (tmp_path / "vllm.mk").write_text("V=123\n")
    text = (
        "{hashFiles('backend/{backend}/requirements*.txt')}-{file('{backend}.mk', 'V=([0-9]{3})')}"
    )
    got = resolve_template(text, inputs(tmp_path))
    assert got == "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456-123"
