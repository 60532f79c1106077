"""The termination notice (终止办理通知书) of a tolerance case whose deadline passed.

When an applicant accepted with 容缺受理 does not supply the tolerated materials in time, a
supervisor terminates the case (:meth:`counter.services.tolerance.ToleranceService.terminate`)
and the counter hands the applicant this notice: the case, the materials not supplied with
their deadlines, the supervisor's reason, what the applicant may do (apply again; 行政复议 /
行政诉讼), the approving supervisor and the seal — in the look of the other documents (it is
laid out with the same building blocks as :mod:`printing.render`).

The kind ``termination`` is kept apart from :data:`printing.model.KINDS` (whose documents the
decision services render through :mod:`printing.archive`): this module renders, snapshots and
re-renders (补打) its own document; :class:`counter.documents.DocumentService` archives it like
any other. The wording is ``resources/documents/termination.toml`` (+ ``common.toml``), and an
administrator may override it in ``<data dir>/documents/termination.toml``.
"""

from __future__ import annotations

import json
import logging
import tomllib
from importlib import import_module
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from counter.cases.model import Case
from counter.identity import SiteProfile
from counter.tolerance import ToleratedMaterial
from printing import model
from printing import sources
from printing import wording as wording_mod
from printing.layout import PAPERS, Decoration, build_pdf
from printing.model import Head, MaterialLine, RenderOptions

log = logging.getLogger(__name__)

#: The rendering module (the package re-exports its ``render`` function under the same name).
r = import_module("printing.render")

__all__ = ["KIND", "TITLE", "TerminationDoc", "termination_doc", "render", "snapshot",
           "render_snapshot", "issue"]

KIND = "termination"
TITLE = "终止办理通知书"
SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class TerminationDoc:
    """终止办理通知书.

    Attributes:
        head: the common head (kind ``termination``).
        accepted_at: when the case was accepted with tolerance.
        deadline: the commitment's deadline (补正期限).
        terminated_at: when the supervisor terminated it.
        reason_text: the supervisor's reason.
        approved_by: the supervisor's operator id.
        owed: the materials not supplied, with their deadlines.
    """

    head: Head
    accepted_at: datetime | None
    deadline: date
    terminated_at: datetime
    reason_text: str
    approved_by: str
    owed: tuple[MaterialLine, ...] = ()


def termination_doc(case: Case, profile: SiteProfile, *, reason_text: str,
                    terminated_at: datetime, approved_by: str, deadline: datetime | date,
                    owed: Iterable[ToleratedMaterial] = (), catalog=None) -> TerminationDoc:
    """The notice of a terminated case (the applicant's number masked, as on every document).

    Args:
        owed: the tolerated materials still owed (default: the ledger's tolerated entries,
            each with ``deadline``).
        catalog: the case's catalog version: the implementing department, its review body
            (复议机关) and court are named from it (else from the site setting).
    """
    day = _day(deadline)
    owed = list(owed)
    if owed:
        lines = tuple(sources.tolerated_line(m.name, _day(m.deadline or deadline),
                                             copies=m.copies, original=m.original)
                      for m in owed)
    else:
        lines = tuple(sources.material_line(e, deadline=day) for e in case.materials
                      if e.status == "tolerated")
    head = sources.head(case, KIND, profile, issued_at=terminated_at, catalog=catalog)
    return TerminationDoc(head=head, accepted_at=case.accepted_at, deadline=day,
                          terminated_at=terminated_at, reason_text=reason_text,
                          approved_by=approved_by, owed=lines)


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


# -- wording -------------------------------------------------------------------------------------

def _wording(override_dir: Path | None) -> wording_mod.Wording:
    data: dict = {}
    dirs = [wording_mod.BUNDLED_DIR] + ([Path(override_dir)] if override_dir else [])
    for d in dirs:
        for name in (wording_mod.COMMON, KIND):
            try:
                data = wording_mod._merge(data, wording_mod._read(d / f"{name}.toml"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as e:
                if d == wording_mod.BUNDLED_DIR:
                    raise
                log.warning("ignoring unreadable wording override %s.toml: %s", name, e)
    return wording_mod.Wording(kind=KIND, data=data)


# -- the story -----------------------------------------------------------------------------------

def _story(c: "r._Ctx") -> list:
    d: TerminationDoc = c.doc
    c.values.update(accepted_date=r.cn_date(d.accepted_at), deadline_date=r.cn_date(d.deadline),
                    terminated_date=r.cn_date(d.terminated_at), approved_by=d.approved_by)
    lab = c.w.label
    info = [*c.item_entries(), *c.applicant_entries(),
            (lab("accepted_at"), r.cn_datetime(d.accepted_at) or "—"),
            (lab("deadline"), r.cn_date(d.deadline)),
            (c.text("terminated_label") or "终止时间", r.cn_datetime(d.terminated_at)),
            *[(c.text("approved_label") or label, value)
              for label, value in c.approver_entry(d.approved_by)]]
    story = [*c.title(), *c.codes(False), *c.salutation(), *c.paragraphs("body"), *c.entrusted(),
             *c.heading("materials_heading"),
             *c.materials(d.owed, status=False, deadline=True),
             *c.heading("reason_heading"), c.p(d.reason_text or "—", c.st.body),
             *c.heading("notes_heading"), *c.numbered("notes"), Spacer(1, 2 * mm),
             *c.seal(d.terminated_at, before=c.kv(info + c.site_entries())),
             *c.reprint_note()]
    return story


def render(doc: TerminationDoc, options: RenderOptions | None = None, *,
           wording_dir: Path | None = None) -> bytes:
    """The PDF of a termination notice (A4 only)."""
    options = options or RenderOptions()
    paper = PAPERS["a4"]
    words = _wording(wording_dir)
    probe = r._Ctx(KIND, doc, options, paper, words)
    deco = Decoration(
        header=probe.text("header"), footer=probe.text("footer"),
        page_number=words.text("page_number") or "第 {page} 页 共 {pages} 页",
        reprint_mark=(words.text("reprint_mark", {"count": options.reprint_count})
                      if options.reprint_count else ""),
        training_mark=words.text("training_mark") if options.training else "",
        training_note=words.text("training_note") if options.training else "",
        reprint_note=probe.text("reprint_note") if options.reprint_count else "",
        title=f"{TITLE} {doc.head.case_no or ''}".strip())
    return build_pdf(paper, lambda: _story(r._Ctx(KIND, doc, options, paper, words)), deco)


# -- snapshots (for reprints) --------------------------------------------------------------------

def snapshot(doc: TerminationDoc, options: RenderOptions | None = None) -> bytes:
    """The archived content of a notice (UTF-8 JSON), as :class:`printing.model.Snapshot`."""
    return json.dumps({"format": SNAPSHOT_FORMAT, "kind": KIND,
                       "options": model.to_json(options or RenderOptions()),
                       "doc": model.to_json(doc)}, ensure_ascii=False,
                      sort_keys=True).encode("utf-8")


def _from_snapshot(data: bytes) -> tuple[TerminationDoc, RenderOptions]:
    raw = json.loads(data.decode("utf-8"))
    if raw.get("format") != SNAPSHOT_FORMAT or raw.get("kind") != KIND:
        raise ValueError("not a termination notice snapshot")
    return (model.from_json(TerminationDoc, raw["doc"]),
            model.from_json(RenderOptions, raw["options"]))


def render_snapshot(data: bytes, reprint_count: int = 0, reprinted_at: datetime | None = None,
                    *, wording_dir: Path | None = None) -> bytes:
    """Render an archived notice again, as the ``reprint_count``-th reprint (补打)."""
    doc, options = _from_snapshot(data)
    options = replace(options, reprint_count=reprint_count, reprinted_at=reprinted_at)
    return render(doc, options, wording_dir=wording_dir)


def issue(documents, doc: TerminationDoc, actor, *, training: bool = False,
          wording_dir: Path | None = None):
    """Render the notice and archive it (:meth:`counter.documents.DocumentService.issue`);
    returns ``(IssuedDocument, pdf)``."""
    options = RenderOptions(layout="a4", training=training)
    pdf = render(doc, options, wording_dir=wording_dir)
    issued = documents.issue(doc.head.case_no, KIND, pdf, actor,
                             snapshot=snapshot(doc, options), layout="a4")
    return issued, pdf
