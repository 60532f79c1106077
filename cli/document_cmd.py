"""``document CASE_NO --kind KIND --out FILE.pdf``: a case's document as PDF (文书导出).

    python main.py document 14080200107261120S00042I --kind receipt --out 回执.pdf --user c0012
    python main.py document 14080200107261120S00042I --kind receipt --reprint --out 补打.pdf --user c0012

The document holds the applicant's name and masked ID number: the command acts as a logged-in
counter user (:mod:`cli.login`; ``case.view``, ``document.view``), as the window does.

* When the document was issued, the archived PDF is written as it is (the latest issued; with
  ``--layout``, the latest issued in that layout). Decisions archive their document (受理通知书,
  一次性告知书, 不予受理通知书) when they are taken, so this is the normal case.
* ``--reprint`` reprints it instead, by the logged-in user: the archived content marked 补打
  with its count; the reprint is archived and audited (``document.reprint``).
* When it was never issued, it is rendered from the case as stored (not archived).

Every file written is audited (``document.export``: who, which case, which kind, archived or
not; the reprint's own entry stands for a reprint).

No receipt written here shows the query password: the store keeps only its hash, and the
archived receipt says "见首次打印的受理通知书（回执）；遗失的，可凭有效身份证件到窗口重置" (the password is printed once, at acceptance).

Errors (unknown case, a kind that does not fit the case's state) are printed in Chinese on
stderr with exit status 1.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from cli import fail, open_context
from cli.login import login
from counter.errors import CounterError
from counter.files import write_private

log = logging.getLogger(__name__)

KIND_CHOICES = ("receipt", "notice", "rejection", "commitment", "tolerance", "supplement",
                "pickup")


def register(sub, common) -> None:
    p = sub.add_parser("document", help="导出办件文书（受理通知书、一次性告知书等）为 PDF")
    common(p)
    p.add_argument("case_no", help="办件编号")
    p.add_argument("--kind", required=True, choices=KIND_CHOICES,
                   help="文书种类：receipt 受理通知书，notice 一次性告知书，rejection 不予受理通知书，"
                        "commitment 容缺受理告知承诺书，tolerance 容缺受理通知书，supplement 补正回执，"
                        "pickup 出件单")
    p.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    p.add_argument("--layout", choices=("a4", "roll80"), default=None,
                   help="版式：a4，或 roll80（80 毫米热敏纸，仅回执和出件单）；默认为存档的版式，"
                        "未存档时为 a4")
    p.add_argument("--reprint", action="store_true",
                   help="补打：按存档内容重新生成并标注“补打”（以登录用户的名义）")
    p.set_defaults(func=_document)


def _document(args) -> int:
    from printing import KINDS

    ctx = open_context(args)
    try:
        try:
            reader = login(ctx, args, "document.reprint" if args.reprint else "document.export")
            case = ctx.cases.get(args.case_no, reader)
        except CounterError as e:
            return fail(str(e))
        from printing.sources import kind_problem

        problem = kind_problem(args.kind, case)
        if problem:
            return fail(problem)
        docs = ctx.documents
        name = KINDS[args.kind]
        if args.reprint:
            from printing import render_snapshot

            exported = None
            try:
                issued, pdf = docs.reprint(
                    case.case_no, args.kind, reader,
                    lambda snap, n, at: render_snapshot(snap, n, at,
                                                        wording_dir=_wording_dir(ctx)))
            except CounterError as e:
                return fail(str(e))
            message = f"已补打{name}（第{issued.reprint_count}次）"
        else:
            issued = exported = _latest(docs, case.case_no, args.kind, args.layout, reader)
            if issued is not None:
                pdf = docs.pdf(issued, reader)
                message = f"已导出存档的{name}（第{issued.sequence}份）"
            else:
                try:
                    pdf = _render_from_case(ctx, case, args.kind, args.layout or "a4")
                except CounterError as e:
                    return fail(str(e))
                message = f"{name}尚未存档，已按办件信息生成（未存档）"
            if args.kind == "receipt":
                message += "；查询密码仅在受理时打印一次，此件不含查询密码"
        try:
            write_private(args.out, pdf)  # 0600: it names the applicant
        except OSError as e:
            return fail(f"无法写入文件 {args.out}：{e.strerror or e}")
        if not args.reprint:  # a reprint is audited as document.reprint
            docs.record_export(case.case_no, args.kind, reader, document=exported)
    finally:
        ctx.close()
    print(f"{message}：{args.out}", file=sys.stdout)
    return 0


def _latest(docs, case_no: str, kind: str, layout: str | None, actor):
    """The latest archived document of that kind (and layout, when given), or None."""
    if layout is None:
        return docs.latest(case_no, kind, actor)
    found = [d for d in docs.of_case(case_no, actor) if d.kind == kind and d.layout == layout]
    return max(found, key=lambda d: d.sequence) if found else None


def _render_from_case(ctx, case, kind: str, layout: str) -> bytes:
    """Render the document of a stored case (no archive entry)."""
    from printing import RenderOptions, render
    from printing.sources import document_for

    try:
        catalog = ctx.catalog.version(case.catalog_version)
    except CounterError:
        catalog = None
    doc = document_for(kind, case, ctx.site.get(), catalog=catalog)
    return render(doc, RenderOptions(layout=layout, training=ctx.site.is_training()),
                  wording_dir=_wording_dir(ctx))


def _wording_dir(ctx) -> Path | None:
    """The administrator's wording overrides (``<data dir>/documents``), if any."""
    override = Path(ctx.data_dir) / "documents"
    return override if override.is_dir() else None
