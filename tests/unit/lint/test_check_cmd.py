"""`cicache check`: the JSON interface, exit codes, formats, suppression and rule config."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "lint"
KEYS = {"code", "name", "severity", "path", "line", "column", "message"}


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[str], Path]:
    def copy(case: str) -> Path:
        root = tmp_path / case.replace("/", "-")
        shutil.copytree(FIXTURES / case, root)
        return root

    return copy


def test_json_is_a_list_of_findings_and_errors_exit_1(run_cli, tree) -> None:
    root = tree("CC101/fail")
    result = run_cli("check", str(root), "--format", "json")
    assert result.code == 1
    findings = json.loads(result.out)
    assert [set(f) for f in findings] == [KEYS, KEYS]
    first = findings[0]
    assert (first["code"], first["name"], first["severity"]) == (
        "CC101",
        "cache-write-on-pr",
        "error",
    )
    assert (first["path"], first["line"], first["column"]) == (".github/workflows/ci.yml", 9, 21)


def test_warnings_only_exit_0(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC103/fail")), "--format", "json")
    assert result.code == 0
    assert {f["severity"] for f in json.loads(result.out)} == {"warning"}


def test_clean_tree_prints_one_summary_line(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC201/pass")))
    assert result.code == 0
    assert result.out == ""
    assert result.err.strip().splitlines() == [
        "checked 1 workflow, 1 Dockerfile, 0 matrix entries, 1 build step, 0 scripts: no findings"
    ]


def test_clean_tree_json_is_an_empty_list(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC201/pass")), "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_text_is_compiler_style_with_source_and_caret(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC102/fail")))
    lines = result.out.splitlines()
    assert lines[0].startswith(
        ".github/workflows/ci.yml:9:21: error[CC102 cache-to-without-ignore-error]: "
    )
    assert (
        lines[1]
        == " 9 |           cache-to: type=registry,ref=ghcr.io/org/cache:cache-cpu,mode=max"
    )
    assert lines[2] == "   |                     ^"
    assert "1 error, 0 warnings" in result.err


def test_inline_suppression_by_code_on_the_line(run_cli, tree) -> None:
    root = tree("CC101/fail")
    ci = root / ".github/workflows/ci.yml"
    ci.write_text(ci.read_text().replace("true\n", "true  # cicache: ignore[CC101]\n"))
    findings = json.loads(run_cli("check", str(root), "--format", "json").out)
    assert [f["path"] for f in findings] == [".github/workflows/reusable.yml"]


def test_inline_suppression_by_name_on_the_line_above(run_cli, tree) -> None:
    root = tree("CC102/fail")
    ci = root / ".github/workflows/ci.yml"
    comment = "          # cicache: ignore[cache-to-without-ignore-error]\n"
    ci.write_text(ci.read_text().replace("          cache-to:", comment + "          cache-to:"))
    result = run_cli("check", str(root), "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_suppression_of_another_rule_keeps_the_finding(run_cli, tree) -> None:
    root = tree("CC102/fail")
    ci = root / ".github/workflows/ci.yml"
    ci.write_text(ci.read_text().replace("mode=max\n", "mode=max  # cicache: ignore[CC101]\n"))
    assert run_cli("check", str(root), "--format", "json").code == 1


def test_rule_config_changes_severity_or_turns_off(run_cli, tree) -> None:
    root = tree("CC102/fail")
    (root / "cicache.toml").write_text(
        '[cache]\nregistry = "ghcr.io/org/cache"\n\n[check.rules]\nCC102 = "warning"\n'
    )
    findings = json.loads(run_cli("check", str(root), "--format", "json").out)
    assert [(f["code"], f["severity"]) for f in findings] == [("CC102", "warning")]
    (root / "cicache.toml").write_text(
        '[cache]\nregistry = "ghcr.io/org/cache"\n\n'
        '[check.rules]\ncache-to-without-ignore-error = "off"\n'
    )
    result = run_cli("check", str(root), "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_unknown_rule_in_config_is_an_error_with_a_hint(run_cli, tree) -> None:
    root = tree("CC102/pass")
    (root / "cicache.toml").write_text(
        '[cache]\nregistry = "ghcr.io/org/cache"\n\n[check.rules]\ncache-to-mode-not-mx = "off"\n'
    )
    result = run_cli("check", str(root))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"error: {root / 'cicache.toml'}:5: check.rules.cache-to-mode-not-mx: "
        "unknown rule `cache-to-mode-not-mx`",
        "hint: did you mean `cache-to-mode-not-max`?",
    ]


def test_sarif_run_lists_rules_and_results(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC401/fail")), "--format", "sarif")
    doc = json.loads(result.out)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][:2] == ["CC101", "CC102"]
    (res,) = run["results"]
    assert res["ruleId"] == "CC401" and rules[res["ruleIndex"]]["id"] == "CC401"
    assert res["level"] == "note"
    region = res["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "Dockerfile"
    assert region["region"] == {"startLine": 3, "startColumn": 1}


def test_github_annotations_escape_data(run_cli, tree) -> None:
    result = run_cli("check", str(tree("CC106/fail")), "--format", "github")
    first = result.out.splitlines()[0]
    assert first.startswith(
        "::warning file=.github/workflows/ci.yml,line=9,col=21,"
        "title=CC106 registry-rejects-index-cache::`quay.io` rejects"
    )


def test_missing_path_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope"))
    assert result.code == 2
    assert result.err.startswith("error: ")


def test_broken_yaml_is_one_error_line(run_cli, tree) -> None:
    root = tree("CC102/pass")
    (root / ".github/workflows/bad.yml").write_text("on: push\njobs: [\n")
    result = run_cli("check", str(root))
    assert result.code == 2
    assert result.err.startswith("error: .github/workflows/bad.yml:")
    assert "Traceback" not in result.err


def test_bad_rule_setting_is_an_error(run_cli, tree) -> None:
    root = tree("CC102/pass")
    (root / "cicache.toml").write_text(
        '[cache]\nregistry = "ghcr.io/org/cache"\n\n[check.rules]\nCC102 = "warn"\n'
    )
    result = run_cli("check", str(root))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"error: {root / 'cicache.toml'}:5: check.rules.CC102: 'warn' is not one of error, "
        "warning, info, off",
        "hint: did you mean `warning`?",
    ]


def test_config_option_points_at_a_config_elsewhere(run_cli, tree, tmp_path: Path) -> None:
    root = tree("CC103/fail")
    config = tmp_path / "elsewhere.toml"
    config.write_text('[cache]\nregistry = "ghcr.io/org/cache"\n\n[check.rules]\nCC103 = "off"\n')
    result = run_cli("check", str(root), "--config", str(config), "--format", "json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_dash_c_is_the_same_as_path(run_cli, tree) -> None:
    root = tree("CC101/fail")
    by_path = run_cli("check", str(root), "--format", "json")
    by_flag = run_cli("check", "-C", str(root), "--format", "json")
    assert (by_flag.code, by_flag.out) == (by_path.code, by_path.out) == (1, by_path.out)
    both = run_cli("check", str(root), "-C", str(root.parent))
    assert both.code == 2 and both.err.startswith("error: give the repository once")
