"""Config loading: every error names file, line and key, with a hint where one helps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cicache.config import load_config
from cicache.errors import ConfigError

GOOD = """
[cache]
registry = "quay.io/org/ci-cache"

[target.backend]
tag = "cache{tag-suffix}-{platform-tag|amd64}"
entries = [
  { tag-suffix = "-cpu", platform-tag = "amd64" },
  { tag-suffix = "-cpu", platform-tag = "arm64" },
]
"""


def error_of(root: Path) -> str:
    with pytest.raises(ConfigError) as exc:
        load_config(root)
    return exc.value.message


def test_valid_config_loads_with_defaults(project: Callable[..., Path]) -> None:
    config = load_config(project(**{"cicache.toml": GOOD}))
    assert config.cache.registry == "quay.io/org/ci-cache"
    assert config.cache.mode == "max" and config.cache.ignore_error is True
    assert config.refresh.arg == "DEPS_REFRESH" and config.refresh.cadence == "weekly"
    target = config.target["backend"]
    assert target.tag == "cache{tag-suffix}-{platform-tag|amd64}"
    assert [dict(e) for e in target.entries][1] == {"tag-suffix": "-cpu", "platform-tag": "arm64"}
    assert config.root == config.source.parent  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[cache]\nregistry = "q.io/a/b"\nmdoe = "max"\n',
            "cicache.toml:3: cache.mdoe: unknown key `mdoe` (did you mean `mode`?)",
        ),
        (
            '[cache]\nignore-error = "yes"\n',
            "cicache.toml:2: cache.ignore-error: expected a boolean, got a string",
        ),
        (
            '[cache]\nmode = "maximum"\n',
            "cicache.toml:2: cache.mode: `maximum` is not one of `max`, `min` "
            "(did you mean `max`?)",
        ),
        (
            '[refresh]\ndockerfiles = "backend/Dockerfile.python"\n',
            "cicache.toml:2: refresh.dockerfiles: expected an array of strings, got a string",
        ),
        (
            '[targets.x]\ntag = "a"\n',
            "cicache.toml:1: targets: unknown key `targets` (did you mean `target`?)",
        ),
        (
            '[cache]\nregistry = "q.io/a/b"\n[target.x]\nmatrix = { fiel = "m.yml" }\n',
            "cicache.toml:4: target.x.matrix.fiel: unknown key `fiel` (did you mean `file`?)\n"
            "cicache.toml:4: target.x.matrix.file: missing required key `file`",
        ),
        (
            '[refresh]\ncadence = "weekyl"\n',
            "cicache.toml:2: refresh.cadence: unknown cadence `weekyl` (use weekly, daily, hourly"
            " or a strftime format such as `%Y-%m`)",
        ),
        (
            '[refresh]\ncadence = "%Q"\n',
            "cicache.toml:2: refresh.cadence: `%Q` in cadence `%Q` is not a portable strftime "
            "directive (use weekly, daily, hourly or a strftime format such as `%Y-%m`)",
        ),
        (
            '[refresh]\narg = "DEPS REFRESH"\n',
            "cicache.toml:2: refresh.arg: `DEPS REFRESH` is not a build-arg name "
            "(no `=` and no spaces)",
        ),
        (
            '[cache]\nregistry = "q.io/a/b"\n[target.x]\nbuild-args = { "" = "v" }\n',
            "cicache.toml:4: target.x.build-args.: `` is not a build-arg name "
            "(no `=` and no spaces)",
        ),
        (
            '[cache]\nregistry = "q.io/a/b"\n[target.x]\ntag = "cache{tag-suffix"\n',
            "cicache.toml:4: target.x.tag: unclosed `{` at column 6 in `cache{tag-suffix`",
        ),
        (
            '[target.x]\ntag = "cache"\n',
            "cicache.toml:1: target.x.registry: no cache registry (set `registry` here or in"
            " `[cache]`)",
        ),
        (
            '[cache]\nregistry = "Quay.io/Org/Cache"\n',
            "",
        ),  # host may be upper case? no target -> registry is not checked
    ],
)
def test_errors_name_file_line_and_key(
    project: Callable[..., Path], text: str, expected: str
) -> None:
    root = project(**{"cicache.toml": text})
    if not expected:
        load_config(root)
        return
    assert error_of(root) == expected


def test_entries_row_error_points_at_that_row(project: Callable[..., Path]) -> None:
    text = GOOD.replace(
        '{ tag-suffix = "-cpu", platform-tag = "arm64" }',
        '{ tag-suffix = ["-cpu"], platform-tag = "arm64" }',
    )
    message = error_of(project(**{"cicache.toml": text}))
    assert message == (
        "cicache.toml:8: target.backend.entries[1].tag-suffix: expected a string, got an array"
    )


def test_all_problems_are_reported_in_file_order(project: Callable[..., Path]) -> None:
    root = project(**{"cicache.toml": '[policy]\nwrite-event = []\n[cache]\nmod = "max"\n'})
    lines = error_of(root).splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "4"]


def test_invalid_toml_is_one_line_with_line_number(project: Callable[..., Path]) -> None:
    message = error_of(project(**{"cicache.toml": '[cache]\nregistry = "unterminated\n'}))
    assert message.startswith("cicache.toml:2: invalid TOML:")
    assert "\n" not in message


def test_missing_config_has_a_hint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path)
    assert "no cicache config" in exc.value.message
    assert exc.value.hint and "cicache.toml" in exc.value.hint


def test_pyproject_tool_section(project: Callable[..., Path]) -> None:
    root = project(
        **{
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.cicache.cache]\n'
            'registry = "ghcr.io/o/c"\nmdoe = "min"\n'
        }
    )
    assert error_of(root) == (
        "pyproject.toml:6: tool.cicache.cache.mdoe: unknown key `mdoe` (did you mean `mode`?)"
    )


def test_config_found_from_a_subdirectory(project: Callable[..., Path]) -> None:
    root = project(**{"cicache.toml": GOOD, "sub__dir__file.txt": ""})
    assert load_config(root / "sub" / "dir").root == root.resolve()


def test_native_array_of_tables_is_accepted(project: Callable[..., Path]) -> None:
    root = project(
        **{"cicache.toml": '[[native]]\nname = "go"\npaths = ["~/go"]\nkey = "go-{os}"\n'}
    )
    native = load_config(root).native["go"]
    assert native.paths == ("~/go",) and native.update == "immutable"


def test_missing_required_native_key(project: Callable[..., Path]) -> None:
    root = project(**{"cicache.toml": '[native.go]\npaths = ["~/go"]\n'})
    assert error_of(root).startswith("cicache.toml:1: native.go.key: missing required key `key`")


def test_explicit_config_file(project: Callable[..., Path]) -> None:
    root = project(**{"ci/cache.toml": GOOD})
    config = load_config(root, root / "ci" / "cache.toml")
    assert config.root == (root / "ci").resolve()


def test_config_that_is_not_utf8_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cicache.toml").write_bytes(b'[cache]\nregistry = "\xff"\n')
    assert error_of(tmp_path) == "cicache.toml: not UTF-8 text (byte 20): TOML files are UTF-8"


@pytest.mark.parametrize("text", ["[tool]\ncicache = 5\n", '[tool]\ncicache = ["x"]\n'])
def test_tool_cicache_that_is_not_a_table(project: Callable[..., Path], text: str) -> None:
    assert error_of(project(**{"pyproject.toml": text})) == (
        "pyproject.toml: `tool.cicache` must be a table"
    )


def test_broken_pyproject_with_a_cicache_table_reports_the_toml_error(
    project: Callable[..., Path],
) -> None:
    root = project(**{"pyproject.toml": '[project]\nname = "x"\n[tool.cicache\n'})
    assert error_of(root) == (
        "pyproject.toml:3: invalid TOML: expected ']' at the end of a table declaration"
    )


def test_explicit_pyproject_without_a_cicache_table(project: Callable[..., Path]) -> None:
    root = project(**{"pyproject.toml": '[project]\nname = "x"\n'})
    with pytest.raises(ConfigError) as exc:
        load_config(root, root / "pyproject.toml")
    assert exc.value.message == "pyproject.toml: no `[tool.cicache]` table"


def test_other_tool_tables_do_not_make_a_config(project: Callable[..., Path]) -> None:
    root = project(**{"pyproject.toml": "[tool.cicache-other]\nx = 1\n[tool.ruff\n"})
    assert "no cicache config" in error_of(root)
