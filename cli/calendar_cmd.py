"""``calendar import|show`` — the holiday calendar (节假日日历).

``calendar import`` needs an administrator's login (``calendar.import``, audited with the
logged-in user); ``calendar show`` reads public holidays and needs none.
"""

from __future__ import annotations

from pathlib import Path

from cli import run_call

_WEEKDAYS = "一二三四五六日"


def register(sub, common) -> None:
    p = sub.add_parser("calendar", help="节假日日历：导入年度安排、查看")
    csub = p.add_subparsers(dest="calendar_command", required=True)
    imp = csub.add_parser("import", help="导入某一年的节假日安排（管理员发布，JSON）")
    common(imp)
    imp.add_argument("file", type=Path, help='{"year": 2027, "overrides": [{"date", "workday", "name"}]}')
    imp.set_defaults(func=_import)
    show = csub.add_parser("show", help="列出某一年的放假日期与调休上班日期")
    common(show)
    show.add_argument("year", type=int)
    show.set_defaults(func=_show)


def _import(args) -> int:
    return run_call(args, lambda ctx, actor: ctx.calendar.import_file(args.file, source="admin",
                                                                      actor=actor),
                    _print_import, failure=f"导入失败，日历未改动：{args.file}",
                    action="calendar.import", load_sample=False)


def _print_import(result) -> int:
    """The import's message, then every case date it moved (日期已按节假日安排调整)."""
    print(result.message)
    if result.adjusted:
        print("日期已按节假日安排调整：")
        for a in result.adjusted:
            print(f"  {a.line()}")
    return 0


def _show(args) -> int:
    return run_call(args, lambda ctx: ctx.calendar.year(args.year), _print_year,
                    load_sample=False)


def _print_year(info) -> int:
    print(f"{info.year} 年节假日安排（来源：{'、'.join(info.sources)}）")
    if any(d.provisional for d in info.days):
        print("预计：按法定节假日及补假推算，不含调休；以国务院办公厅节假日安排公布后为准")
    for title, workday in (("放假", False), ("调休上班", True)):
        days = [d for d in info.days if d.workday == workday]
        print(f"{title}：{len(days)} 天")
        for d in days:
            print(f"  {d.date.isoformat()} 周{_WEEKDAYS[d.date.weekday()]} {d.name}".rstrip())
    return 0
