"""``bench [--json] [--only NAME,…] [--quick]``: run the benchmarks (see docs/benchmarks.md).

The table (or, with ``--json``, exactly one JSON object ``{row: {figure: value}}``) goes to
stdout; progress and logs go to stderr. Exit status: 0 when every row measured, 1 when a row
failed (its figures then hold ``error``), 2 for an unknown row name.
"""

from __future__ import annotations

import json
import sys

from cli import fail


def register(sub, common) -> None:
    from bench import row_names

    p = sub.add_parser("bench", help="性能基准：检索、启动等（--json 输出 JSON）")
    p.add_argument("--json", action="store_true", help="只在标准输出打印一个 JSON 对象")
    p.add_argument("--only", default=None, metavar="NAME,…",
                   help="只运行这些行（逗号分隔）：" + ", ".join(row_names()))
    p.add_argument("--quick", action="store_true",
                   help="小规模快速运行（用于测试，数值不代表性能）")
    p.set_defaults(func=_bench)


def _bench(args) -> int:
    from bench import format_table, row_names, run_rows, unknown_rows

    names = [n.strip() for n in (args.only or "").split(",") if n.strip()] or None
    if names:
        unknown = unknown_rows(names)
        if unknown:
            return fail(f"未知的基准行：{', '.join(unknown)}。可用：{', '.join(row_names())}", 2)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = run_rows(names, quick=args.quick, progress=progress)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        print(format_table(results))
    failed = [name for name, figures in results.items() if "error" in figures]
    if failed:
        return fail(f"基准行失败：{', '.join(failed)}", 1)
    return 0
