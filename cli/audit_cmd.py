"""``audit verify``: recompute the audit chain and name the first broken entry.

Exit status 0 with ``审计链完整，共 N 条`` on stdout; 1 with ``第 N 条记录被篡改或缺失`` on
stderr when an entry was changed, deleted or reordered (see ``docs/security.md``).
"""

from __future__ import annotations

from cli import fail, open_context


def register(sub, common) -> None:
    p = sub.add_parser("audit", help="审计日志：校验哈希链")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="重新计算审计日志的哈希链，指出第一条被篡改或缺失的记录")
    common(v)
    v.set_defaults(func=_verify)


def _verify(args) -> int:
    from counter.services.users import install

    # no sample import: verifying must not write to the store
    ctx = open_context(args, load_sample=False)
    try:
        install(ctx)
        report = ctx.services["audit"].verify()
    finally:
        ctx.close()
    if not report.intact:
        return fail(report.message)
    print(report.message)
    return 0
