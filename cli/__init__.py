"""Command line: argument parsing and dispatch to the sub-commands in this package.

Every command accepts ``--data-dir DIR`` and ``--user ID``. Commands print their results for
people (or scripts) on stdout and their errors in Chinese on stderr; exit status 0 means
success. A command that reads personal data or changes the store acts as a logged-in user
(:func:`cli.login.login`; the README's command table says which need a login).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def add_login_option(parser, *, top_level: bool = False) -> None:
    """``--user ID`` (:func:`cli.login.add_login_option`; not imported before the window)."""
    from cli.login import add_login_option as add

    add(parser, top_level=top_level)


def _top_level_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=None,
                   help="数据目录（数据库与附件），默认为当前用户的数据目录")
    add_login_option(p, top_level=True)


def _gui_options(p: argparse.ArgumentParser) -> None:
    """The options of ``python main.py`` without a command (the window)."""
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="界面语言 (zh|en)")
    p.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)


def _common(p: argparse.ArgumentParser) -> None:
    """Options every sub-command accepts too (given before or after the sub-command)."""
    # SUPPRESS: a sub-command without the option keeps the value given before it.
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                   help="数据目录（数据库与附件），默认为当前用户的数据目录")
    add_login_option(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="综窗受理台 Counter Desk")
    _top_level_options(parser)
    _gui_options(parser)
    sub = parser.add_subparsers(dest="command")

    from cli import (audit_cmd, bench_cmd, calendar_cmd, catalog_cmd, document_cmd,
                     platform_sim_cmd, seed_cmd, store_cmd, sync_cmd, users_cmd)

    for module in (catalog_cmd, calendar_cmd, seed_cmd, document_cmd, sync_cmd, platform_sim_cmd,
                   users_cmd, audit_cmd, store_cmd, bench_cmd):
        module.register(sub, _common)
    return parser


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = _window_args(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(data_dir=args.data_dir, lang=args.lang, quit_after=args.quit_after)
    from counter.errors import CounterError

    try:
        return args.func(args)
    except CounterError as e:  # a refusal no command caught itself: its message, no traceback
        return fail(str(e))


class _QuietParser(argparse.ArgumentParser):
    """A parser that raises instead of printing and exiting (:func:`_window_args`)."""

    def error(self, message: str):
        raise argparse.ArgumentError(None, message)


def _window_args(argv: list[str]) -> argparse.Namespace | None:
    """The options when ``argv`` opens the window (no command, nothing else), else None.

    The window is the common case and its first frame must appear quickly (docs/benchmarks.md,
    row ``startup``): it is parsed without registering the commands, which imports their
    modules. Anything else — a command, ``--help``, an unknown option, a bad value — goes to
    the full parser (and its messages).
    """
    parser = _QuietParser(prog="main.py", add_help=False, exit_on_error=False)
    # the options of _top_level_options, without their help (nor cli.login, which has it)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--user", dest="user", default=None)
    _gui_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    if rest:
        return None
    args.command = None
    return args


def open_context(args, *, load_sample: bool = True, **kwargs):
    """The application context for a CLI command (the store in ``--data-dir``), built by the
    composition root (:func:`bootstrap.build`).

    Decisions (e.g. ``seed-demo``) archive their documents: the renderer of ``printing`` is
    wired, and imported only when the first document is rendered. An invalid machine
    configuration is refused (:class:`counter.errors.ConfigError`, one line per problem).

    Args:
        args: the parsed command line (``--data-dir``).
        load_sample: import the sample catalog into a store without one.
        **kwargs: passed to :func:`bootstrap.build` (``clock``, ``keyring_seals`` …).
    """
    from bootstrap import build, load_config

    return build(load_config(args.data_dir, load_sample=load_sample), **kwargs)


def fail(message: str, code: int = 1) -> int:
    """Print a Chinese error on stderr and return the exit status."""
    print(message, file=sys.stderr)
    return code


def run_call(args, call, report, *, failure: str = "", action: str | None = None,
             **kwargs) -> int:
    """One service call on the store of ``--data-dir``, then its report: the exit status.

    The store is closed before the report. A refusal (:class:`counter.errors.CounterError`) is
    printed on stderr under ``failure`` (alone when that is empty) and gives exit status 1.

    Args:
        args: the parsed command line.
        call: ``call(ctx)`` makes the service call and returns what it returned;
            ``call(ctx, actor)`` with ``action``.
        report: ``report(result)`` prints that result and returns the exit status.
        failure: the line above a refusal, e.g. ``导入失败，日历未改动：FILE``.
        action: the command needs a login (:func:`cli.login.login`) as a user allowed this
            action of the role matrix; the actor is passed to ``call``.
        **kwargs: passed to :func:`open_context`.
    """
    from cli.login import login
    from counter.errors import CounterError

    ctx = open_context(args, **kwargs)
    try:
        result = call(ctx, login(ctx, args, action)) if action else call(ctx)
    except CounterError as e:
        return fail(f"{failure}\n{e}" if failure else str(e))
    finally:
        ctx.close()
    return report(result)


def print_message(result) -> int:
    """The report of an import: its ``message`` on stdout, exit status 0."""
    print(result.message)
    return 0
