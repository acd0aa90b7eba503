"""What `cicache check` needs from the configuration, as one small frozen value.

Kept separate from the config model so the rules stay testable without a `cicache.toml`;
`cicache.lint.project` builds it from the loaded config when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cicache.lint.finding import Severity

if TYPE_CHECKING:
    from cicache.config import Config

__all__ = ["DEFAULT_REFRESH_ARG", "MatrixSource", "RuleSetting", "Settings"]

DEFAULT_REFRESH_ARG = "DEPS_REFRESH"

RuleSetting = Severity | str  # "error" | "warning" | "info" | "off"


@dataclass(frozen=True)
class MatrixSource:
    """A matrix file feeding a job whose matrix is generated (`${{ fromJSON(...) }}`).

    `job` is `workflow-path:job-id`, `workflow-path`, or "" for every generated matrix.
    """

    file: str
    key: str = "include"
    job: str = ""

    def feeds(self, workflow: str, job_id: str) -> bool:
        return self.job in {"", workflow, f"{workflow}:{job_id}"}


@dataclass(frozen=True)
class Settings:
    refresh_arg: str = DEFAULT_REFRESH_ARG
    rules: dict[str, RuleSetting] = field(default_factory=dict)  # code or name -> setting
    matrices: tuple[MatrixSource, ...] = ()
    workflows_dir: str = ".github/workflows"
    config: Config | None = None  # the loaded cicache.toml, when the checked tree has one
