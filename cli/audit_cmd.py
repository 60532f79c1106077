"""``audit verify`` and ``audit seal``: the audit chain and its seals (docs/security.md).

``audit verify`` recomputes the chain, checks this counter's seals with its key from the OS
keyring and names the first broken entry or seal. Exit status 0 with every line on stdout
(``审计链完整，共 N 条``, then what the seals said); 1 with every line on stderr when an entry
was changed, deleted or reordered, or a seal is forged, deleted or no longer matches the chain.
Without a usable keyring (a headless server) the chain is still checked and a line says the
seals could not be.

``audit seal`` seals the chain now, as the logged-in user at this counter (any person's role
may seal, as the window seals as whoever is logged in); the key is made in the keyring on the
first seal. Exit status 1 when there is no usable keyring. ``audit verify`` reads only the
chain (user ids, no applicant data) and needs no login.
"""

from __future__ import annotations

from cli import fail, open_context
from cli.login import login


def register(sub, common) -> None:
    p = sub.add_parser("audit", help="审计日志：校验哈希链与封存、封存")
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="重新计算审计日志的哈希链并校验封存，指出第一条被篡改或缺失的记录或封存")
    common(v)
    v.set_defaults(func=_verify)
    s = asub.add_parser("seal", help="封存审计日志：以本窗口在系统密钥环中的密钥记录当前的链头")
    common(s)
    s.set_defaults(func=_seal)


def _context(args):
    # no sample import: verifying must not write to the store; seals: the key in the keyring
    return open_context(args, load_sample=False, keyring_seals=True)


def _verify(args) -> int:
    ctx = _context(args)
    try:
        report = ctx.audit.verify()
    finally:
        ctx.close()
    if not report.intact:
        return fail(report.message)
    print(report.message)
    return 0


def _seal(args) -> int:
    from counter.errors import CounterError

    ctx = _context(args)
    try:
        outcome = ctx.audit.seal(login(ctx, args, "audit.seal"), reason="manual")
    except CounterError as e:
        return fail(f"未能封存审计日志：{e.message}")
    finally:
        ctx.close()
    print(outcome.message)
    return 0
