"""`cicache inspect` argument handling (no registry is contacted)."""

from __future__ import annotations

import pytest

from cicache.cli.main import main


def test_a_repository_without_a_tag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["inspect", "127.0.0.1:1/ci-cache", "--insecure"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert err.splitlines()[0] == "error: `127.0.0.1:1/ci-cache` names no tag"
    assert "Traceback" not in err
