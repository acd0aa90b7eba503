"""`cicache hash-files`: the runner's `hashFiles()` on the command line."""

from __future__ import annotations

from pathlib import Path

import click

from cicache import console
from cicache.errors import UsageError
from cicache.keys.hashfiles import HashFilesError, hash_files

__all__ = ["hash_files_cmd"]


@click.command("hash-files")
@click.option(
    "-C",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=".",
    help="The workspace the patterns are relative to (default: cwd).",
)
@click.option(
    "--follow-symbolic-links",
    "follow",
    is_flag=True,
    help="Traverse symlinked directories (the runner's --follow-symbolic-links).",
)
@click.argument("patterns", nargs=-1, required=True)
def hash_files_cmd(directory: Path, follow: bool, patterns: tuple[str, ...]) -> None:
    """Print the digest GitHub's hashFiles() gives for PATTERNs (an empty line if none match)."""
    if not directory.is_dir():
        raise UsageError(f"`{directory}` is not a directory")
    try:
        console.data(hash_files(list(patterns), directory, follow_symlinks=follow))
    except HashFilesError as exc:
        raise UsageError(f"hashFiles: {exc}") from exc
