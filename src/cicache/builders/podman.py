"""The podman driver: `podman build --layers`, the buildah code podman vendors.

Same flags, same output and the same one-repository-per-entry rule as buildah; only the
executable and the version thresholds differ (podman 4.2 vendors buildah 1.27, podman 4.4
vendors buildah 1.29; see `pitfalls`).
"""

from __future__ import annotations

from cicache.builders.buildah import Buildah

__all__ = ["Podman"]


class Podman(Buildah):
    name = "podman"
    executable = "podman"
    subcommand = "build"
