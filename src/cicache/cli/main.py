"""Entry point: the explicit command registry and the one place errors are caught and printed."""

from __future__ import annotations

import importlib
import os
import sys
from typing import NoReturn

import click

from cicache import __version__, console
from cicache.errors import CicacheError

__all__ = ["COMMANDS", "cli", "main"]

# command name -> "module:attribute". Imported lazily so `cicache plan` does not pay for the
# registry client or the builders. Adding a command: one module in cli/, one line here.
COMMANDS: dict[str, str] = {
    "budget": "cicache.cli.budget_cmd:budget_cmd",
    "build": "cicache.cli.build_cmd:build_cmd",
    "check": "cicache.cli.check_cmd:check_cmd",
    "config": "cicache.cli.config_cmd:config_cmd",
    "evict": "cicache.cli.evict_cmd:evict_cmd",
    "hash-files": "cicache.cli.hashfiles_cmd:hash_files_cmd",
    "inspect": "cicache.cli.inspect_cmd:inspect_cmd",
    "key": "cicache.cli.key_cmd:key_cmd",
    "plan": "cicache.cli.plan_cmd:plan_cmd",
    "prune": "cicache.cli.prune_cmd:prune_cmd",
    "refresh-key": "cicache.cli.refresh_cmd:refresh_key_cmd",
    "report": "cicache.cli.report_cmd:report_cmd",
    "restore": "cicache.cli.restore_cmd:restore_cmd",
    "save": "cicache.cli.save_cmd:save_cmd",
    "status": "cicache.cli.status_cmd:status_cmd",
}


# Raised for a group called with no arguments; its message is the help.
_NO_ARGS_IS_HELP = click.exceptions.NoArgsIsHelpError


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attr)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cicache")
def cli() -> None:
    """Fast, safe, shared build caches for CI build matrices."""


def main(argv: list[str] | None = None) -> NoReturn:
    try:
        cli.main(args=argv, prog_name="cicache", standalone_mode=False)
    except CicacheError as exc:
        console.error(exc.message)
        if exc.hint:
            console.hint(exc.hint)
        sys.exit(exc.exit_code)
    except _NO_ARGS_IS_HELP as exc:  # bare `cicache`: the help, not an error
        click.echo(exc.format_message(), err=True)
        sys.exit(2)
    except click.UsageError as exc:
        console.error(exc.format_message())
        if exc.ctx is not None:
            console.hint(f"see `{exc.ctx.command_path} --help`")
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        console.error("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        console.error("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:  # a bug: say so in one line, the traceback on request
        if os.environ.get("CICACHE_DEBUG"):
            raise
        console.error(f"internal error: {type(exc).__name__}: {exc}")
        console.hint("rerun with CICACHE_DEBUG=1 for a traceback, and please report it")
        sys.exit(70)
    sys.exit(0)
