"""What the refresh-arg rules share: the Dockerfile side and dependency-installing RUNs."""

from __future__ import annotations

import re

from cicache.lint.dockerfile import Dockerfile, Instruction

__all__ = ["declared_before_install", "installs_dependencies"]

# A RUN that resolves dependencies at build time (the layer the refresh arg must invalidate).
_INSTALL = re.compile(
    r"\b(pip3?\s+install|uv\s+(pip\s+install|sync)|poetry\s+install|pipenv\s+install|"
    r"conda\s+install|mamba\s+install|npm\s+(ci|install)|yarn(\s+install)?\b|pnpm\s+install|"
    r"apt-get\s+install|apt\s+install|apk\s+add|dnf\s+install|yum\s+install|"
    r"go\s+mod\s+download|cargo\s+(build|fetch)|bundle\s+install|gem\s+install|make)\b"
)


def installs_dependencies(ins: Instruction) -> bool:
    return ins.keyword == "RUN" and bool(_INSTALL.search(ins.args))


def declared_before_install(df: Dockerfile, arg: str) -> bool:
    """Some stage declares `ARG arg` before a dependency-installing RUN of that stage.

    When no RUN looks like an install (`RUN ./install.sh`), any RUN counts: the pattern
    cannot know every installer, and a false error would fail the check.
    """
    known = any(installs_dependencies(i) for i in df.instructions)
    declared: set[int] = set()
    for ins in df.instructions:
        names = [t.split("=", 1)[0] for t in ins.args.split()] if ins.keyword == "ARG" else []
        installs = installs_dependencies(ins) if known else ins.keyword == "RUN"
        if arg in names and ins.stage >= 0:
            declared.add(ins.stage)
        elif installs and ins.stage in declared:
            return True
    return False
