"""Command line: argument parsing and dispatch to the sub-commands in this package.

Every command accepts ``--data-dir DIR``. Commands print their results for people (or
scripts) on stdout and their errors in Chinese on stderr; exit status 0 means success.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def _top_level_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", type=Path, default=None,
                   help="数据目录（数据库与附件），默认为当前用户的数据目录")


def _common(p: argparse.ArgumentParser) -> None:
    """Options every sub-command accepts too (given before or after the sub-command)."""
    # SUPPRESS: a sub-command without the option keeps the value given before it.
    p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                   help="数据目录（数据库与附件），默认为当前用户的数据目录")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="综窗受理台 Counter Desk")
    _top_level_options(parser)
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="界面语言 (zh|en)")
    parser.add_argument("--quit-after", type=float, default=None, help=argparse.SUPPRESS)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run_gui

        return run_gui(data_dir=args.data_dir, lang=args.lang, quit_after=args.quit_after)
    from counter.errors import CounterError

    try:
        return args.func(args)
    except CounterError as e:  # a refusal no command caught itself: its message, no traceback
        return fail(str(e))


def open_context(args, **kwargs):
    """The application context for a CLI command (the store in ``--data-dir``).

    Decisions (e.g. ``seed-demo``) archive their documents: the renderer of ``printing`` is
    wired, and imported only when the first document is rendered.
    """
    from counter.app import build_context, default_data_dir
    from counter.documents import DeferredRenderer

    data_dir = args.data_dir or default_data_dir()
    kwargs.setdefault("renderer", DeferredRenderer(lambda: _pdf_renderer(data_dir)))
    return build_context(data_dir, **kwargs)


def _pdf_renderer(data_dir: Path):
    from printing.archive import PdfRenderer

    return PdfRenderer.for_data_dir(data_dir)


def cli_actor(ctx, role: str = "admin"):
    """Who a command-line tool acts as: user ``cli`` at this counter in ``role``.

    The command line needs no login (whoever runs it holds the store's files), so the session
    guard of a CLI process does not enforce; the role matrix still applies to this actor, and
    the audit trail records the tool's acts as user ``cli`` (docs/security.md).
    """
    return ctx.site.get().actor(CLI_USER, role)


#: The audit user id of what a command-line tool does.
CLI_USER = "cli"


def fail(message: str, code: int = 1) -> int:
    """Print a Chinese error on stderr and return the exit status."""
    print(message, file=sys.stderr)
    return code


def run_call(args, call, report, *, failure: str = "", **kwargs) -> int:
    """One service call on the store of ``--data-dir``, then its report: the exit status.

    The store is closed before the report. A refusal (:class:`counter.errors.CounterError`) is
    printed on stderr under ``failure`` (alone when that is empty) and gives exit status 1.

    Args:
        args: the parsed command line.
        call: ``call(ctx)`` makes the service call and returns what it returned.
        report: ``report(result)`` prints that result and returns the exit status.
        failure: the line above a refusal, e.g. ``导入失败，日历未改动：FILE``.
        **kwargs: passed to :func:`open_context`.
    """
    from counter.errors import CounterError

    ctx = open_context(args, **kwargs)
    try:
        result = call(ctx)
    except CounterError as e:
        return fail(f"{failure}\n{e}" if failure else str(e))
    finally:
        ctx.close()
    return report(result)


def print_message(result) -> int:
    """The report of an import: its ``message`` on stdout, exit status 0."""
    print(result.message)
    return 0
