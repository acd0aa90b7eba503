"""The sample tree the hashFiles golden digests were computed on (see test_hashfiles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

FILES = {
    ".hidden/requirements.txt": "hidden\n",
    "a/b/x.txt": "abx\n",
    "a/b.txt": "ab\n",
    "a-b.txt": "a-b\n",
    "empty.txt": "",
    "node_modules/pkg/requirements.txt": "nm\n",
    "requirements-dev.txt": "dev\n",
    "requirements.txt": "req\n",
    "sub/deep/requirements.txt": "deep\n",
    "sub/requirements.txt": "sub\n",
    "weird/a.txt": "wa\n",
    "weird/b.txt": "wb\n",
    "weird/st*r.txt": "star\n",
    "weird/{a,b}.txt": "brace\n",
    "unicode/e.txt": "e\n",
    "unicode/z.txt": "z\n",
    "unicode/\u00e9.txt": "e-acute\n",
    "unicode/E.txt": "E\n",
}
LINKS = {
    "link-to-req.txt": "requirements.txt",
    "dirlink": "sub",
    "brk/dangling": "../nope",
    "loop/self": "..",
}


def build(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, target in LINKS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("hf") / "ws")
