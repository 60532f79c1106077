"""``store trim-drafts``: housekeeping of the store (办件库维护).

``store trim-drafts`` empties the content of drafts decided by older versions (a decision now
keeps only the draft's identity, see :func:`counter.cases.repository.decided_draft_json`), in
batches of one transaction each, and prints how many. Exit status 0. The file does not shrink
by itself: SQLite reuses the freed pages for new cases; ``--vacuum`` rewrites the file to its
new size afterwards (needs as much free disk as the store's size, and no other process using
the store meanwhile). Needs an administrator's login (``store.maintain``); every batch is
audited (``draft.trim``) in the administrator's name.
"""

from __future__ import annotations

from cli import open_context
from cli.login import login


def register(sub, common) -> None:
    p = sub.add_parser("store", help="办件库维护")
    ssub = p.add_subparsers(dest="store_command", required=True)
    t = ssub.add_parser("trim-drafts", help="清理已办结受理草稿中的表单与材料内容（办件中已有）")
    t.add_argument("--batch", type=int, default=1000, help="每个事务处理的草稿数（默认 1000）")
    t.add_argument("--vacuum", action="store_true",
                   help="清理后整理数据库文件（VACUUM），使文件变小；需要与库同样大小的空闲磁盘")
    common(t)
    t.set_defaults(func=_trim_drafts)


def _trim_drafts(args) -> int:
    ctx = open_context(args, load_sample=False)
    try:
        actor = login(ctx, args, "store.maintain")
        intake = ctx.intake
        total, after = 0, ""
        while after is not None:
            trimmed, after = intake.trim_decided(after, limit=max(1, args.batch), actor=actor)
            total += trimmed
        print(f"已清理 {total} 份已办结受理草稿的内容。")
        if args.vacuum and ctx.uow.engine.dialect.name == "sqlite":
            raw = ctx.uow.engine.raw_connection()  # VACUUM runs outside any transaction
            try:
                raw.driver_connection.execute("VACUUM")
            finally:
                raw.close()
            print("数据库文件已整理。")
    finally:
        ctx.close()
    return 0
