"""From domain objects to document content (文书内容组装).

Each ``*_doc`` function reads a :class:`counter.cases.model.Case` (and the site profile, and
where requirements are needed the catalog) and returns the matching dataclass of
:mod:`printing.model`. This is where privacy is enforced: a person's document number is
masked here (first 6 and last 4 characters, :func:`counter.ids.mask_id_number`) and the
contact mobile too (:func:`counter.ids.mask_mobile`), so the full numbers never reach a
snapshot or a PDF. A unified social credit code (统一社会信用代码, id type ``001``) is public
register data and is printed in full.

The tolerance documents (容缺受理告知承诺书, 容缺受理通知书) are also offered from plain
arguments (:func:`commitment_doc`, :func:`tolerance_doc`): the commitment is signed before the
case exists.

:func:`document_for` picks the document of a kind for a stored case, refusing with a Chinese
message when the kind does not fit the case's state.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable, Mapping, Sequence

from counter.cases.model import Applicant, Case, CaseState, LedgerEntry
from counter.catalog.model import ID_TYPES, CaseType, Catalog, Necessity, Original
from counter.errors import CounterError
from counter.identity import SITE_KINDS, SiteProfile
from counter.ids import mask_id_number, mask_mobile
from printing.model import (KINDS, Authority, Head, ItemLine, MaterialLine, NoticeDoc, Party,
                            PickupDoc, ReceiptDoc, RejectionDoc, SiteInfo, SupplementDoc,
                            ToleranceDoc)

USCC_TYPE = "001"
APPLICANT_TYPES = {"person": "自然人", "organisation": "法人或其他组织"}
STATUS_LABELS = {"received": "已收取", "e_licence": "电子证照", "tolerated": "容缺后补",
                 "missing": "未提交", "not_applicable": "不涉及"}
#: States in which a case has been accepted (it has a receipt).
ACCEPTED_STATES = frozenset({CaseState.ACCEPTED, CaseState.AWAITING_SUPPLEMENT,
                             CaseState.IN_REVIEW, CaseState.CORRECTION_REQUIRED,
                             CaseState.APPROVED, CaseState.DENIED, CaseState.COMPLETED,
                             CaseState.CLOSED, CaseState.TERMINATED, CaseState.VOIDED})
RESULT_ACTIONS = {"platform.approved": "准予许可", "platform.denied": "不予许可",
                  "platform.completed": "已办结", "approved": "准予许可", "denied": "不予许可",
                  "completed": "已办结"}
#: Which of an item's ``legal_basis`` entries (catalog 1.1) a document kind cites.
BASIS_KEYS = {"receipt": "accept", "tolerance": "accept", "commitment": "accept",
              "notice": "notify", "rejection": "reject"}


# -- small pieces ----------------------------------------------------------------------------

def site_info(profile: SiteProfile) -> SiteInfo:
    """The site and counter as printed."""
    return SiteInfo(site_name=profile.site_name or "政务服务中心",
                    counter_name=profile.counter_name or f"{profile.counter_code}号窗口",
                    kind=profile.kind, kind_label=SITE_KINDS.get(profile.kind, profile.kind),
                    site=profile.site, counter_code=profile.counter_code,
                    contact_phone=profile.contact_phone)


def masked_number(id_type: str, number: str) -> str:
    """The document number for paper: masked, except a (public) credit code."""
    if not number:
        return ""
    if id_type == USCC_TYPE:
        return number
    return mask_id_number(number)


def party(applicant: Applicant | None = None, *, name: str = "", type_: str = "person",
          id_type: str = "", id_number: str = "") -> Party:
    """A person or organisation as printed (number masked)."""
    if applicant is not None:
        name, type_, id_type, id_number = (applicant.name, applicant.type, applicant.id_type,
                                           applicant.id_number)
    return Party(name=name, type_label=APPLICANT_TYPES.get(type_, type_),
                 id_type_label=ID_TYPES.get(id_type, id_type),
                 id_masked=masked_number(id_type, id_number))


def _original_label(value: str) -> str:
    try:
        return Original(value).label
    except ValueError:
        return value or ""


def _necessity_label(value: str) -> str:
    try:
        return Necessity(value).label
    except ValueError:
        return value or ""


def material_line(entry: LedgerEntry, *, deadline: date | None = None) -> MaterialLine:
    """A ledger entry as a printed line."""
    return MaterialLine(name=entry.name, copies=entry.copies,
                        original=_original_label(entry.original),
                        status=STATUS_LABELS.get(entry.status, entry.status),
                        necessity=_necessity_label(entry.necessity), deadline=deadline)


def head(case: Case, kind: str, profile: SiteProfile, *, issued_at: datetime | None = None,
         clerk: str | None = None, catalog: Catalog | None = None) -> Head:
    """The common head of a case's document (with its :func:`authority` from ``catalog``)."""
    return Head(kind=kind, case_no=case.case_no, issued_at=issued_at or case.decided_at,
                clerk=clerk or case.decided_by.user_id, site=site_info(profile),
                case_name=case.name, items=tuple(ItemLine(c, n) for c, n in case.items),
                applicant=party(case.applicant),
                authority=authority(catalog, [c for c, _ in case.items], profile, kind))


def _distinct(values: Iterable[str | None]) -> str:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return "、".join(out)


def authority(catalog: Catalog | None, codes: Sequence[str], profile: SiteProfile | None,
              kind: str) -> Authority:
    """The implementing department(s) of the items ``codes``, their review body and court
    (catalog 1.1, else the site setting), and the legal basis the catalog gives for a
    ``kind`` document (``""``: the wording's default by item type).

    A package whose items belong to several departments names each once, joined with 、.
    Without a catalog (or for an item it does not know) only the site setting is used.
    """
    items = [catalog.item(c) for c in codes if catalog is not None and catalog.has_item(c)]
    depts = []
    for item in items:
        try:
            depts.append(catalog.department(item.department))
        except KeyError:
            continue
    site_review = profile.review_body if profile is not None else ""
    site_court = profile.court if profile is not None else ""
    key = BASIS_KEYS.get(kind)
    basis = _distinct(getattr(i.legal_basis, key) for i in items) if key else ""
    return Authority(
        department=_distinct(d.name for d in depts),
        review_body=_distinct([d.review_body or site_review for d in depts] or [site_review]),
        court=_distinct([d.court or site_court for d in depts] or [site_court]),
        short_code=_distinct(d.short_code for d in depts),
        item_types=tuple(dict.fromkeys(i.type for i in items)), legal_basis=basis)


def _cst_day(moment: datetime) -> date:
    from counter.clock import CST

    return (moment.astimezone(CST) if moment.tzinfo else moment).date()


def _timing(case: Case, catalog: Catalog | None) -> dict:
    """``immediate`` (a 即办件 finished on the spot), and the legal limit's label and date."""
    if catalog is None:
        return {"legal_at": case.legal_at, "legal_provisional": case.legal_provisional}
    try:
        from counter.intake.merge import IntakeSpec

        spec = IntakeSpec.for_target(catalog, case.kind, case.key)
    except CounterError:
        return {"legal_at": case.legal_at, "legal_provisional": case.legal_provisional}
    accepted = case.accepted_at or case.decided_at
    same_day = (case.promised_at is None or accepted is None
                or _cst_day(case.promised_at) == _cst_day(accepted))
    immediate = (spec.promised_limit.value == 0 and same_day
                 and all(i.case_type is CaseType.IMMEDIATE for i in spec.items))
    return {"immediate": immediate, "legal_at": case.legal_at,
            "legal_provisional": case.legal_provisional, "legal_limit": spec.legal_limit.label()}


def _limit_label(case: Case, catalog: Catalog | None) -> str:
    if catalog is None:
        return ""
    try:
        from counter.intake.merge import IntakeSpec

        return IntakeSpec.for_target(catalog, case.kind, case.key).promised_limit.label()
    except CounterError:
        return ""


# -- documents of a case ---------------------------------------------------------------------

def receipt_doc(case: Case, profile: SiteProfile, *, catalog: Catalog | None = None,
                query_password: str | None = None, issued_at: datetime | None = None,
                clerk: str | None = None) -> ReceiptDoc:
    """受理通知书 of an accepted case.

    Args:
        query_password: the password the accept service returned (default
            ``case.query_password``); the store keeps only its hash, so a receipt built later
            from a stored case has none — reprints use the archived snapshot instead.
    """
    password = query_password if query_password is not None else (case.query_password or "")
    received = tuple(material_line(e) for e in case.materials
                     if e.status in ("received", "e_licence"))
    tolerated = tuple(material_line(e) for e in case.materials if e.status == "tolerated")
    return ReceiptDoc(head=head(case, "receipt", profile, issued_at=issued_at, clerk=clerk,
                                catalog=catalog),
                      accepted_at=case.accepted_at or case.decided_at,
                      promised_at=case.promised_at, promised_limit=_limit_label(case, catalog),
                      **_timing(case, catalog),
                      promised_provisional=case.promised_provisional,
                      query_url=profile.query_url(case.case_no), query_password=password,
                      contact_name=case.contact.get("name", ""),
                      contact_mobile=mask_mobile(case.contact.get("mobile", ""))
                      if case.contact.get("mobile") else "",
                      materials=received, tolerated=tolerated)


def missing_lines(case: Case, catalog: Catalog | None) -> tuple[MaterialLine, ...]:
    """Every missing material of a notified case, with its full requirements.

    The requirements (necessity, copies, original handling, audit points, blank form) come
    from the catalog version the case was taken under, merged over the items of the case in
    its situation; without a catalog the ledger's own figures are used.
    """
    ledger = {e.material: e for e in case.materials}
    ids = list(case.missing) or [e.material for e in case.materials if e.status == "missing"]
    merged = {}
    if catalog is not None:
        from counter.intake.merge import IntakeSpec

        try:
            spec = IntakeSpec.for_target(catalog, case.kind, case.key)
            merged = {m.id: m for m in spec.materials(case.answers, case.form)}
        except CounterError:
            merged = {}
    out = []
    for mid in ids:
        m = merged.get(mid)
        entry = ledger.get(mid)
        if m is not None:
            blank = ""
            if m.material.blank_form:
                blank = m.material.blank_form
            out.append(MaterialLine(name=m.name, copies=m.copies, original=m.original.label,
                                    necessity=m.necessity.label, requirements=m.audit_points,
                                    blank_form=blank))
        elif entry is not None:
            out.append(MaterialLine(name=entry.name, copies=entry.copies,
                                    original=_original_label(entry.original),
                                    necessity=_necessity_label(entry.necessity)))
        elif catalog is not None:
            try:
                out.append(MaterialLine(name=catalog.material(mid).name))
            except KeyError:
                out.append(MaterialLine(name=mid))
        else:
            out.append(MaterialLine(name=mid))
    return tuple(out)


def notice_doc(case: Case, profile: SiteProfile, *, catalog: Catalog | None = None,
               issued_at: datetime | None = None, remark: str = "") -> NoticeDoc:
    """一次性告知书 of a notified case."""
    received = tuple(material_line(e) for e in case.materials
                     if e.status in ("received", "e_licence"))
    return NoticeDoc(head=head(case, "notice", profile, issued_at=issued_at, catalog=catalog),
                     decided_at=case.decided_at, missing=missing_lines(case, catalog),
                     received=received, remark=remark)


def split_legal_basis(text: str) -> tuple[str, str]:
    """A catalog reason ``理由（《某法》第N条第（一）项）。`` split into the reason and the
    legal basis in its (possibly nested) brackets; ``(text, "")`` when there is none."""
    text = text or ""
    for opener in ("（《", "(《"):
        start = text.find(opener)
        if start < 0:
            continue
        depth = 0
        for i in range(start, len(text)):
            ch = text[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth -= 1
                if depth == 0:
                    basis = text[start + 1:i].strip()
                    return (text[:start] + text[i + 1:]).strip(), basis
    return text, ""


def rejection_doc(case: Case, profile: SiteProfile, *, catalog: Catalog | None = None,
                  legal_basis: str = "", issued_at: datetime | None = None) -> RejectionDoc:
    """不予受理通知书 of a rejected case: the catalog reason followed by the clerk's text."""
    reason = case.reason_text or ""
    if catalog is not None and case.reason_code:
        for r in catalog.reasons_of("reject"):
            if r.code == case.reason_code and r.text:
                text, basis = split_legal_basis(r.text)
                legal_basis = legal_basis or r.basis or basis
                if text not in reason:
                    reason = f"{text.rstrip('。')}。{reason}" if reason else text
                break
    return RejectionDoc(head=head(case, "rejection", profile, issued_at=issued_at, catalog=catalog),
                        decided_at=case.decided_at, reason_code=case.reason_code or "",
                        reason_text=reason, legal_basis=legal_basis)


def supplement_doc(case: Case, profile: SiteProfile, *, supplemented: Iterable[LedgerEntry] = (),
                   at: datetime | None = None, clerk: str | None = None,
                   catalog: Catalog | None = None) -> SupplementDoc:
    """补正回执: ``supplemented`` are the entries received now (default: the received
    entries whose necessity is tolerable); what is still tolerated is listed as owed."""
    entries = list(supplemented) or [e for e in case.materials
                                     if e.status == "received" and e.necessity == "tolerable"]
    at = at or case.updated_at or case.decided_at
    return SupplementDoc(head=head(case, "supplement", profile, issued_at=at, clerk=clerk,
                                   catalog=catalog),
                         supplemented_at=at,
                         supplemented=tuple(material_line(e) for e in entries),
                         remaining=tuple(material_line(e) for e in case.materials
                                         if e.status == "tolerated"),
                         state_label=case.state.label)


def _result_label(case: Case) -> str:
    for h in reversed(case.history):
        if h.action in RESULT_ACTIONS:
            return RESULT_ACTIONS[h.action]
    if case.state in (CaseState.APPROVED, CaseState.DENIED, CaseState.COMPLETED):
        return case.state.label
    return "已办结"


def _result_text(case: Case) -> str:
    result = case.result or {}
    parts = []
    for key in ("summary", "message", "licence_no", "certificate_no", "number"):
        value = result.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            parts.append(str(value))
    if not parts and case.status_message:
        parts.append(case.status_message)
    return "；".join(parts)


def pickup_doc(case: Case, profile: SiteProfile, *, clerk: str | None = None,
               catalog: Catalog | None = None) -> PickupDoc:
    """出件单 of a case whose result was handed out."""
    info = case.picked_up
    if info is None:
        raise CounterError("该办件尚未出件，不能打印出件单。")
    who = party(name=info.name, id_type=info.id_type, id_number=info.id_number)
    return PickupDoc(head=head(case, "pickup", profile, issued_at=info.at,
                               clerk=clerk or info.actor.user_id, catalog=catalog),
                     picked_up_at=info.at, picked_up_by=who, by_applicant=info.by_applicant,
                     result_label=_result_label(case), result_text=_result_text(case),
                     accepted_at=case.accepted_at)


# -- the tolerance documents, from plain arguments -------------------------------------------

def tolerated_line(name: str, deadline: date, *, copies: int = 1, original: str = "none",
                   note: str = "") -> MaterialLine:
    """A tolerated material with its deadline (容缺材料)."""
    return MaterialLine(name=name, copies=copies, original=_original_label(original),
                        status=STATUS_LABELS["tolerated"], deadline=deadline, note=note)


def commitment_doc(*, profile: SiteProfile, case_name: str, items: Sequence[tuple[str, str]],
                   applicant: Applicant, tolerated: Sequence[MaterialLine], deadline: date,
                   clerk: str, issued_at: datetime, case_no: str | None = None,
                   consequence: str = "", catalog: Catalog | None = None,
                   deadline_provisional: bool = False) -> ToleranceDoc:
    """容缺受理告知承诺书 for the applicant to sign (before or after the case number exists).

    Args:
        tolerated: the materials, e.g. from :func:`tolerated_line`.
        deadline: the date by which all of them must be supplied.
        consequence: what happens when the deadline passes (default: the wording's text).
    """
    h = Head(kind="commitment", case_no=case_no, issued_at=issued_at, clerk=clerk,
             site=site_info(profile), case_name=case_name,
             items=tuple(ItemLine(c, n) for c, n in items), applicant=party(applicant),
             authority=authority(catalog, [c for c, _ in items], profile, "commitment"))
    return ToleranceDoc(head=h, tolerated=tuple(tolerated), deadline=deadline,
                        consequence=consequence, deadline_provisional=deadline_provisional)


def tolerance_doc(*, profile: SiteProfile, case_no: str, case_name: str,
                  items: Sequence[tuple[str, str]], applicant: Applicant,
                  tolerated: Sequence[MaterialLine], deadline: date, clerk: str,
                  accepted_at: datetime, promised_at: datetime | None = None,
                  promised_limit: str = "", query_password: str = "", approved_by: str = "",
                  received: Sequence[MaterialLine] = (), consequence: str = "",
                  catalog: Catalog | None = None, legal_at: datetime | None = None,
                  legal_limit: str = "", immediate: bool = False,
                  promised_provisional: bool = False, deadline_provisional: bool = False,
                  legal_provisional: bool = False) -> ToleranceDoc:
    """容缺受理通知书 of a case accepted with tolerance (from plain arguments)."""
    h = Head(kind="tolerance", case_no=case_no, issued_at=accepted_at, clerk=clerk,
             site=site_info(profile), case_name=case_name,
             items=tuple(ItemLine(c, n) for c, n in items), applicant=party(applicant),
             authority=authority(catalog, [c for c, _ in items], profile, "tolerance"))
    return ToleranceDoc(head=h, tolerated=tuple(tolerated), deadline=deadline,
                        consequence=consequence, deadline_provisional=deadline_provisional,
                        accepted_at=accepted_at,
                        promised_at=promised_at, promised_limit=promised_limit,
                        promised_provisional=promised_provisional,
                        query_url=profile.query_url(case_no), query_password=query_password,
                        approved_by=approved_by, received=tuple(received), immediate=immediate,
                        legal_at=legal_at, legal_limit=legal_limit,
                        legal_provisional=legal_provisional)


def _tolerance_from_case(case: Case, profile: SiteProfile, kind: str,
                         deadlines: Mapping[str, date] | None, deadline: date | None,
                         catalog: Catalog | None) -> ToleranceDoc:
    deadlines = dict(deadlines or {})
    entries = [e for e in case.materials if e.status == "tolerated"]
    final = deadline or (max(deadlines.values()) if deadlines else None)
    if final is None:
        raise CounterError("未记录容缺材料的补交期限，无法生成容缺文书。")
    tolerated = [material_line(e, deadline=deadlines.get(e.material, final)) for e in entries]
    if kind == "commitment":
        return commitment_doc(profile=profile, case_name=case.name, items=case.items,
                              applicant=case.applicant, tolerated=tolerated, deadline=final,
                              clerk=case.decided_by.user_id, issued_at=case.decided_at,
                              case_no=case.case_no, catalog=catalog)
    return tolerance_doc(profile=profile, case_no=case.case_no, case_name=case.name,
                         items=case.items, applicant=case.applicant, tolerated=tolerated,
                         deadline=final, clerk=case.decided_by.user_id,
                         accepted_at=case.accepted_at or case.decided_at,
                         promised_at=case.promised_at,
                         promised_limit=_limit_label(case, catalog),
                         promised_provisional=case.promised_provisional,
                         received=[material_line(e) for e in case.materials
                                   if e.status in ("received", "e_licence")],
                         approved_by=_approver(case), catalog=catalog,
                         **_timing(case, catalog))


def _approver(case: Case) -> str:
    """The supervisor who approved the tolerance (from the history's approval step)."""
    for h in case.history:
        if h.action == "accept_tolerance" and "审批人 " in (h.note or ""):
            return h.note.split("审批人 ", 1)[1].split("；", 1)[0].strip()
    return ""


# -- which document fits a case ----------------------------------------------------------------

def kind_problem(kind: str, case: Case) -> str | None:
    """None when a document of ``kind`` fits ``case``, else a Chinese reason."""
    if kind not in KINDS:
        return f"未知的文书种类：{kind}"
    state = case.state
    name = KINDS[kind]
    tolerated = any(e.status == "tolerated" for e in case.materials) or any(
        h.action == "accept_tolerance" for h in case.history)
    ok = {
        "receipt": state in ACCEPTED_STATES,
        "notice": state is CaseState.NOTIFIED,
        "rejection": state is CaseState.REJECTED,
        "commitment": tolerated,
        "tolerance": tolerated,
        "supplement": any(h.action == "supplement" for h in case.history),
        "pickup": case.picked_up is not None,
    }[kind]
    if ok:
        return None
    return f"办件当前状态为「{state.label}」，没有{name}。"


def document_for(kind: str, case: Case, profile: SiteProfile, *, catalog: Catalog | None = None,
                 tolerance_deadlines: Mapping[str, date] | None = None,
                 tolerance_deadline: date | None = None):
    """The content of the ``kind`` document of a stored case (for a first print or the CLI).

    Raises:
        CounterError: the kind does not fit the case's state (with the reason in Chinese).
    """
    problem = kind_problem(kind, case)
    if problem:
        raise CounterError(problem)
    if kind == "receipt":
        return receipt_doc(case, profile, catalog=catalog)
    if kind == "notice":
        return notice_doc(case, profile, catalog=catalog)
    if kind == "rejection":
        return rejection_doc(case, profile, catalog=catalog)
    if kind in ("commitment", "tolerance"):
        return _tolerance_from_case(case, profile, kind, tolerance_deadlines, tolerance_deadline,
                                    catalog)
    if kind == "supplement":
        return supplement_doc(case, profile, catalog=catalog)
    return pickup_doc(case, profile, catalog=catalog)
