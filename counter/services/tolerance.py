"""Tolerance with supervisor approval (容缺受理服务): request, approve or refuse, deadlines,
supplement, terminate.

The life of a tolerance, one service call (one transaction, with its audit entry and outbox
event) per step:

1. :meth:`ToleranceService.request` — the clerk asks for 容缺受理 of an intake, naming the
   tolerated materials and a reason, with the applicant's signed commitment
   (容缺受理告知承诺书) captured. The rules of :mod:`counter.tolerance` apply; the applicant's
   credit is looked up first (a dishonest applicant is refused; when the lookup cannot be
   made the request goes on, marked "未能核查信用（离线）"). The request is stored *pending*
   in ``tolerance_requests``: every counter sharing the store sees it in :meth:`pending`.
2. :meth:`ToleranceService.approve` — a supervisor who is not the requesting clerk accepts
   the case: S-series number, the tolerated materials marked ``tolerated`` in the ledger,
   state ``awaiting_supplement``, supplement deadlines from the moment of acceptance, the
   ``accepted`` event carrying ``tolerance: {materials, deadline, approved_by,
   commitment_blob}``. A request whose credit could not be checked is looked up again first:
   dishonest now refuses the approval; still no answer is approved on the supervisor's
   confirmation and recorded as approved without a credit check. Or :meth:`ToleranceService.refuse` with a catalog reason (kind
   ``tolerance_refuse``); the draft stays open (the clerk may notify instead).
3. :meth:`ToleranceService.supplement` — the tolerated materials arrive (补正); when all are
   in, the commitment is fulfilled and the case is ``accepted``; event ``supplemented``.
4. :meth:`ToleranceService.terminate` — only once the deadline has passed, a supervisor ends
   the case (终止); event ``terminated``.

:meth:`ToleranceService.deadlines` lists the open commitments with their state (normal / due
soon / overdue, from the clock) and counts per state.

Rights come from the role matrix (:mod:`counter.permissions`): ``tolerance.request``,
``tolerance.view`` (the reads :meth:`~ToleranceService.get`, ``of_case``, ``of_draft``) and
``case.supplement`` for counter staff, ``tolerance.queue``, ``tolerance.approve`` (approve
and refuse), ``deadlines.view`` and ``case.terminate`` for supervisors; a locked
session is refused there too. Every call names its actor. Every refusal — rights, rules, a self-approval, a dishonest
applicant — is written to the audit trail (result ``refused``, the Chinese reason, no
personal data) in a transaction of its own; nothing else of the refused call is kept.
"""

from __future__ import annotations

import io
import json
import logging
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable, Mapping, Sequence

from sqlalchemy import select

from counter import audit, outbox
from counter.cases import repository as repo
from counter.cases.model import (SUPPLEMENT_STATES, TOLERANCE_OWED, Case, CaseAction,
                                 CaseState, HistoryEntry, LedgerEntry, allowed, transition)
from counter.cases.password import next_password
from counter.clock import Clock, to_rfc3339
from counter.credit import CreditChecker, CreditResult, CreditStatus, OfflineCreditChecker
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import Actor, SiteService
from counter.intake.intake import Intake, MaterialStatus
from counter.intake.merge import IntakeSpec
from counter.intake.validate import form_problems, problems_as_lines
from counter.permissions import PermissionDenied, Permissions, items_problem
from counter.services.cases import CaseService, _Decision
from counter.services.catalog import CatalogService
from counter.store.blobs import BlobStore
from counter.store.models import CaseMaterialRow, CaseRow, DraftRow, ToleranceRequestRow
from counter.changes import ChangeKind
from counter.store.uow import UowFactory
from counter.workdays import legal_deadline
from counter.tolerance import (DeadlineState, RequestStatus, ToleratedMaterial, deadline_state,
                               final_deadline, other_missing, selection_problems,
                               tolerable_materials, with_deadlines, workdays_left)

log = logging.getLogger(__name__)

__all__ = ["ToleranceService", "ToleranceRequest", "ApprovalResult", "SupplementResult",
           "DeadlineEntry", "DeadlineReport", "DISHONEST_MESSAGE", "SELF_APPROVAL_MESSAGE",
           "DISHONEST_AT_APPROVAL_MESSAGE", "WITHOUT_CREDIT_CHECK_NOTE",
           "images_pdf"]

#: The refusal for an applicant on the dishonest list (no personal data).
DISHONEST_MESSAGE = "经信用核查，申请人存在失信记录，不适用容缺受理；可一次性告知所缺材料。"
#: The refusal of a supervisor deciding their own request.
SELF_APPROVAL_MESSAGE = "不能审批本人提交的容缺受理申请，请由其他首席代表或值班长审批。"
#: The refusal of an approval when the credit re-check finds the applicant dishonest.
DISHONEST_AT_APPROVAL_MESSAGE = ("审批时再次核查信用：申请人存在失信记录，不能同意容缺受理。"
                                 "请选择“不同意”并说明理由，可一次性告知所缺材料。")
#: Recorded when a request is approved while the credit lookup still cannot be made.
WITHOUT_CREDIT_CHECK_NOTE = "审批时仍未能核查信用，经审批人确认后同意"
REASON_MAX = 500


# -- what the service returns --------------------------------------------------------------------

@dataclass(frozen=True)
class ToleranceRequest:
    """A tolerance request (容缺受理申请) and, once approved, the commitment (容缺承诺).

    Attributes:
        id: the request's id (uuid4 hex).
        draft_id: the intake it was requested for.
        status: pending, refused, withdrawn, approved (commitment open), fulfilled, terminated.
        kind, key, name: the item or package.
        catalog_version: the catalog the intake was taken with.
        applicant_type, applicant_name: for the approval queue.
        materials: the tolerated materials (with deadlines once approved).
        reason: the clerk's reason for asking.
        requested_by, requested_at: who asked and when.
        credit: the credit lookup at request time (clear, or unchecked).
        commitment_pages: the captured pages of the signed commitment (sha256).
        commitment_blob: the blob reported to the platform (the page, or a PDF of the pages).
        decided_by, decided_at: the supervisor who approved or refused (or who withdrew it).
        refuse_code, refuse_text: the catalog reason and the supervisor's words.
        case_no: the case it became.
        deadline: the commitment's deadline (the latest of the materials').
        closed_at: when the commitment was fulfilled or the case terminated.
    """

    id: str  # noqa: A003
    draft_id: str
    status: RequestStatus
    kind: str
    key: str
    name: str
    catalog_version: str
    applicant_type: str
    applicant_name: str
    materials: tuple[ToleratedMaterial, ...]
    reason: str
    requested_by: Actor
    requested_at: datetime
    credit: CreditResult
    commitment_pages: tuple[str, ...] = ()
    commitment_blob: str | None = None
    decided_by: Actor | None = None
    decided_at: datetime | None = None
    refuse_code: str | None = None
    refuse_text: str | None = None
    case_no: str | None = None
    deadline: datetime | None = None
    closed_at: datetime | None = None

    @property
    def is_pending(self) -> bool:
        return self.status is RequestStatus.PENDING

    @property
    def material_ids(self) -> list[str]:
        return [m.material for m in self.materials]

    @property
    def credit_label(self) -> str:
        """``信用核查通过`` or ``未能核查信用（离线）`` for the supervisor."""
        return self.credit.label


@dataclass(frozen=True)
class ApprovalResult:
    """What :meth:`ToleranceService.approve` returns: the request (now approved), the case
    accepted with tolerance, and its query password (shown once, printed on the 容缺受理通知书)."""

    request: ToleranceRequest
    case: Case
    query_password: str = field(repr=False)


@dataclass(frozen=True)
class SupplementResult:
    """What :meth:`ToleranceService.supplement` returns (补正结果).

    Attributes:
        case: the case afterwards.
        supplemented: the ledger entries received now.
        remaining: tolerated materials still owed (empty: the commitment is fulfilled).
        overdue: the materials arrived after the deadline (逾期补交).
    """

    case: Case
    supplemented: tuple[LedgerEntry, ...]
    remaining: tuple[ToleratedMaterial, ...]
    overdue: bool = False

    @property
    def complete(self) -> bool:
        return not self.remaining


@dataclass(frozen=True)
class DeadlineEntry:
    """An open commitment on the supervisors' deadlines list (补正期限一览).

    Attributes:
        case_no, name, case_state: the case (its state may be the platform's: see
            :attr:`flagged`).
        applicant_name: for the supervisor who phones the applicant.
        materials: the tolerated materials still owed, with deadlines.
        accepted_at: when the case was accepted.
        deadline: the commitment's deadline.
        state: normal, due soon or overdue (at the moment of the list).
        workdays_left: working days until the deadline (0 on the day; negative once past;
            None when the calendar does not know a year in between).
        requested_by, approved_by: operator ids.
        request_id: the request behind it.
    """

    case_no: str
    name: str
    case_state: CaseState
    applicant_name: str
    materials: tuple[ToleratedMaterial, ...]
    accepted_at: datetime | None
    deadline: datetime
    state: DeadlineState
    workdays_left: int | None
    requested_by: str
    approved_by: str
    request_id: str

    @property
    def flagged(self) -> bool:
        """The case has moved on (the platform's status, or a pickup a supervisor allowed)
        while its tolerated material is still owed: 容缺材料未补齐."""
        return self.case_state is not CaseState.AWAITING_SUPPLEMENT

    @property
    def flag(self) -> str:
        """:data:`counter.cases.model.TOLERANCE_OWED` when :attr:`flagged`, else ''."""
        return TOLERANCE_OWED if self.flagged else ""

    @property
    def terminable(self) -> bool:
        """The case's state still allows 终止办理 (not after a pickup)."""
        return allowed(self.case_state, CaseAction.TERMINATE)


@dataclass(frozen=True)
class DeadlineReport:
    """The deadlines list (补正期限一览): entries soonest first, and counts per state."""

    at: datetime
    entries: tuple[DeadlineEntry, ...]
    counts: Mapping[DeadlineState, int]

    def of(self, state: DeadlineState) -> list[DeadlineEntry]:
        return [e for e in self.entries if e.state is state]


# -- the service ----------------------------------------------------------------------------------

class ToleranceService:
    """Tolerance (容缺受理): request, approval queue, approve / refuse, deadlines, supplement,
    terminate. One transaction per call.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        catalog: the catalog service (catalog versions, refusal reasons).
        calendar: the working-day calendar (``add(moment, limit)``; ``calendar()`` giving a
            :class:`counter.workdays.WorkCalendar`, or an object with ``workdays_between``).
        site: the site service (this counter's profile: case numbers, bank point).
        blobs: the blob store (captured pages; the commitment PDF of several pages).
        permissions: the permission checks (role matrix and login session); default: the role
            matrix only.
        credit: the credit lookup; default :class:`counter.credit.OfflineCreditChecker`.
    """

    def __init__(self, uow: UowFactory, clock: Clock, catalog: CatalogService, calendar,
                 site: SiteService, blobs: BlobStore, *, permissions: Permissions | None = None,
                 credit: CreditChecker | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._calendar = calendar
        self._site = site
        self._blobs = blobs
        self._perm = permissions or Permissions(None, clock)
        self.credit = credit or OfflineCreditChecker()

    # -- before the request ----------------------------------------------------------------------

    def spec(self, intake: Intake) -> IntakeSpec:
        """The form definition of an intake (its catalog version)."""
        return IntakeSpec.for_target(self._catalog.version(intake.catalog_version), intake.kind,
                                     intake.key)

    def tolerable(self, intake: Intake) -> list[ToleratedMaterial]:
        """The materials that may be tolerated in the intake's current situation (可容缺材料)."""
        return [ToleratedMaterial.of(m) for m in tolerable_materials(self.spec(intake), intake)]

    def preview(self, intake: Intake, materials: Sequence[str]) -> list[ToleratedMaterial]:
        """The chosen materials with the deadlines they would have if accepted now — what the
        commitment printed for signature states (the approval counts from its own moment).

        Raises:
            InvalidInput: a material may not be tolerated (every reason listed).
            CalendarUnknown: a deadline falls in a year the calendar does not know.
        """
        spec = self.spec(intake)
        problems = selection_problems(spec, intake, materials)
        if problems:
            raise InvalidInput("不能容缺受理：", problems=problems)
        chosen = self._chosen(spec, intake, materials)
        return with_deadlines(self._calendar, self._clock.now(), chosen)

    def draft_problems(self, intake: Intake, materials: Sequence[str]) -> list[str]:
        """What in the draft itself would refuse :meth:`request` with these materials, as
        Chinese lines (empty: nothing): materials that may not be tolerated, invalid or
        missing fields, an applicant not identified, other materials missing — every group,
        each with a heading line and its ``· `` items.

        The request dialog lists them as it opens, before the clerk types a reason or
        captures the signed page (which this does not check). Reads nothing from the store;
        names fields and materials, never values.
        """
        spec = self.spec(intake)
        ids = list(dict.fromkeys(materials))
        lines: list[str] = []

        def group(heading: str, items: Sequence[str]) -> None:
            if items:
                lines.append(heading)
                lines.extend(f"· {item}" for item in items)

        if ids:
            group("不能容缺受理：", selection_problems(spec, intake, ids))
        form = form_problems(spec, intake.answers, intake.form, today=self._clock.now().date())
        group("表单填写有误：", problems_as_lines(spec, form))
        if not form:
            try:
                _applicant(intake, spec)
            except InvalidInput as exc:
                lines.append(exc.message)
        group("除容缺材料外，以下材料尚未收取（可一次性告知）：",
              [m.name for m in other_missing(spec, intake, ids)])
        return lines

    # -- 1. request -----------------------------------------------------------------------------

    def request(self, intake: Intake, actor: Actor, materials: Sequence[str], reason: str, *,
                commitment_pages: Sequence[str] = ()) -> ToleranceRequest:
        """Ask for 容缺受理 of ``intake`` (申请容缺受理); stored pending for a supervisor.

        Args:
            intake: the draft (saved by this call as it is).
            actor: the requesting clerk.
            materials: ids of the materials to tolerate.
            reason: why (required; shown to the supervisor).
            commitment_pages: the captured pages of the commitment the applicant signed
                (sha256, in the blob store; at least one).

        Raises:
            PermissionDenied: the role may not, the session is locked, or (at a bank point, or
                for bank staff) an item is not delegated to bank points.
            InvalidInput: a material may not be tolerated, the form is invalid, another
                material is missing, no reason, no signed commitment — every problem listed.
            CounterError: the applicant is on the dishonest list; the draft was decided
                already or has a pending request.
        """
        now = self._clock.now()
        action = "tolerance.request"
        ids = list(dict.fromkeys(materials))
        pages = list(dict.fromkeys(commitment_pages))
        text = (reason or "").strip()
        with self._refusals(actor, action):
            spec = self.spec(intake)
            with self._uow(read_only=True) as u:
                self._request_checks(u.session, intake, spec, actor, ids, text, pages, now)
            applicant = _applicant(intake, spec)
        credit = self._check_credit(applicant)
        if credit.status is CreditStatus.DISHONEST:
            self._audit_refusal(actor, action, DISHONEST_MESSAGE, now,
                                detail={"draft": intake.id[:12], "credit": "dishonest"})
            raise CounterError(DISHONEST_MESSAGE)
        with self._refusals(actor, action), self._uow() as u:
            s = u.session
            self._request_checks(s, intake, spec, actor, ids, text, pages, now)
            chosen = self._chosen(spec, intake, ids)
            repo.upsert_draft(s, intake, now=now)
            row = ToleranceRequestRow(
                id=uuid.uuid4().hex, draft_id=intake.id, status=RequestStatus.PENDING.value,
                kind=spec.kind, key=spec.key, name=spec.name,
                catalog_version=intake.catalog_version, applicant_type=applicant["type"],
                applicant_name=applicant["name"],
                materials=_dumps([m.to_json() for m in chosen]), reason=text,
                intake=intake.to_json(), requested_by=_dumps(actor.to_json()),
                requested_at=now, credit=credit.status.value,
                credit_checked_at=credit.checked_at, credit_note=credit.note,
                commitment_pages=_dumps(pages), commitment_blob=None, updated_at=now)
            s.add(row)
            s.flush()
            audit.append(s, at=now, actor=actor, action=action,
                         detail={"request": row.id[:12], "draft": intake.id[:12],
                                 "kind": spec.kind, "key": spec.key, "materials": len(chosen),
                                 "credit": credit.status.value})
            request = _request(row)
            u.case_changed(row.id, ChangeKind.TOLERANCE_REQUESTED)
            u.commit()
        log.info("tolerance requested by %s (%d material(s), credit %s)", actor.user_id,
                 len(chosen), credit.status.value)
        return request

    def withdraw(self, request_id: str, actor: Actor) -> ToleranceRequest:
        """Withdraw a pending request (撤回): by the requesting clerk or a supervisor."""
        now = self._clock.now()
        action = "tolerance.withdraw"
        with self._refusals(actor, action), self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "tolerance.request", at=now)
            row = self._pending_row(s, request_id)
            if actor.user_id != _actor(row.requested_by).user_id and actor.role != "supervisor":
                raise CounterError("只有提交申请的工作人员或值班长可以撤回该容缺受理申请。")
            row.status, row.decided_by, row.decided_at = (RequestStatus.WITHDRAWN.value,
                                                          _dumps(actor.to_json()), now)
            row.updated_at = now
            audit.append(s, at=now, actor=actor, action=action,
                         detail={"request": row.id[:12]})
            request = _request(row)
            u.case_changed(row.id, ChangeKind.TOLERANCE_WITHDRAWN)
            u.commit()
        return request

    # -- the queue --------------------------------------------------------------------------------

    def pending(self, actor: Actor) -> list[ToleranceRequest]:
        """The approval queue (容缺审批队列): pending requests of every counter sharing the
        store, oldest first. Supervisors only (``tolerance.queue``; a refusal is audited, a
        read that succeeds is not — the queue screen reads it again every few seconds)."""
        with self._uow(read_only=True) as u:
            s = u.session
            self._perm.require(s, actor, "tolerance.queue", at=self._clock.now())
            rows = s.scalars(select(ToleranceRequestRow)
                             .where(ToleranceRequestRow.status == RequestStatus.PENDING.value)
                             .order_by(ToleranceRequestRow.requested_at,
                                       ToleranceRequestRow.id)).all()
            return [_request(r) for r in rows]

    def of_draft(self, draft_id: str, actor: Actor) -> ToleranceRequest | None:
        """The pending request of a draft, if any (the requesting counter reopening its
        intake); ``tolerance.view``."""
        with self._uow(read_only=True) as u:
            s = u.session
            self._perm.require(s, actor, "tolerance.view", at=self._clock.now())
            row = s.scalars(select(ToleranceRequestRow).where(
                ToleranceRequestRow.draft_id == draft_id,
                ToleranceRequestRow.status == RequestStatus.PENDING.value)
                .order_by(ToleranceRequestRow.requested_at)).first()
            return None if row is None else _request(row)

    def get(self, request_id: str, actor: Actor) -> ToleranceRequest:
        """One request, whatever its status (e.g. the requesting counter following it);
        ``tolerance.view`` (the request holds the applicant's name)."""
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "tolerance.view", at=self._clock.now())
            row = u.session.get(ToleranceRequestRow, request_id)
            if row is None:
                raise NotFound("未找到该容缺受理申请。")
            return _request(row)

    def of_case(self, case_no: str, actor: Actor) -> ToleranceRequest | None:
        """The approved request behind a case, if it was accepted with tolerance;
        ``tolerance.view``."""
        number = _canonical(case_no)
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "tolerance.view", case_no=number,
                               at=self._clock.now())
            row = u.session.scalars(select(ToleranceRequestRow)
                                    .where(ToleranceRequestRow.case_no == number)).first()
            return None if row is None else _request(row)

    # -- 2. approve or refuse -----------------------------------------------------------------------

    def approve(self, request_id: str, supervisor: Actor) -> ApprovalResult:
        """Approve (同意容缺受理) and accept the case, in one transaction.

        Credit re-check (审批时再次核查信用): a request made while the credit lookup could not
        be made is looked up again first, outside the transaction. Dishonest now: the approval
        is refused (:data:`DISHONEST_AT_APPROVAL_MESSAGE`, audited; the request stays pending
        for 不同意). Clear now: the request records the clear result. Still not possible: the
        supervisor approving a request shown as "未能核查信用" is the explicit confirmation;
        the approval is recorded as made without a credit check (audit ``detail.credit_at_approval
        = "unchecked"``, the request's credit note, the case history).

        Raises:
            PermissionDenied: not a supervisor, or the session is locked.
            CounterError: the supervisor requested it themselves; the request is no longer
                pending; the applicant is found dishonest at the re-check; the draft was
                decided meanwhile; the calendar does not know the year of a deadline; a rule
                no longer holds (e.g. the catalog changed).
        """
        now = self._clock.now()
        action = "tolerance.approve"
        recheck = self._recheck_credit(request_id, supervisor, now)
        password, pw_hash = next_password()  # Argon2id, made ahead: outside the transaction
        with self._refusals(supervisor, action), self._uow() as u:
            s = u.session
            self._perm.require(s, supervisor, action, at=now)
            row = self._pending_row(s, request_id)
            clerk = _actor(row.requested_by)
            if supervisor.user_id == clerk.user_id:
                raise CounterError(SELF_APPROVAL_MESSAGE)
            credit_at_request = row.credit
            if recheck is not None and row.credit == CreditStatus.UNCHECKED.value:
                if recheck.status is CreditStatus.CLEAR:
                    row.credit, row.credit_checked_at = recheck.status.value, recheck.checked_at
                    row.credit_note = "审批时核查"
                else:
                    row.credit_note = WITHOUT_CREDIT_CHECK_NOTE
            intake = Intake.from_json(row.intake)
            draft = self._open_draft(s, intake.id)
            spec = self.spec(intake)
            profile = self._site.load(s)
            problem = items_problem(clerk, profile, spec.items)
            if problem:
                raise CounterError(problem)
            chosen = [ToleratedMaterial.from_json(m) for m in json.loads(row.materials)]
            ids = [m.material for m in chosen]
            self._rule_checks(spec, intake, ids, now)
            for mid in ids:
                intake.materials[mid].status = MaterialStatus.TOLERATED
            answers = spec.answers_clean(intake.answers, intake.form)
            d = _Decision(intake=intake, spec=spec, answers=answers,
                          form=CaseService._valid_form(spec, answers, intake.form, now),
                          draft=draft, profile=profile)
            d.identify()
            promised = self._calendar.add(now, spec.promised_limit)
            legal = legal_deadline(self._calendar, now, spec.legal_limit)
            tolerated = with_deadlines(self._calendar, now, chosen)
            deadline = final_deadline(tolerated)
            case_no = CaseService._take_number(s, profile, now, "S")
            note = (f"容缺受理：容缺材料 {len(ids)} 项，补正期限 {deadline:%Y-%m-%d}，"
                    f"审批人 {supervisor.user_id}")
            if row.credit == CreditStatus.UNCHECKED.value:
                note += f"；{WITHOUT_CREDIT_CHECK_NOTE}"
            case = CaseService._case(d, case_no, CaseAction.ACCEPT_WITH_TOLERANCE, clerk, now,
                                     materials=CaseService._ledger(d, accepted=True),
                                     accepted_at=now, promised_at=promised,
                                     legal_at=legal, note=note,
                                     promised_provisional=self._calendar.is_provisional(
                                         now, promised),
                                     legal_provisional=legal is not None
                                     and self._calendar.is_provisional(now, legal))
            blob = self._commitment_blob(json.loads(row.commitment_pages))
            repo.insert_case(s, case, draft_id=intake.id, query_password_hash=pw_hash)
            repo.upsert_draft(s, intake, now=now, status="decided", case_no=case_no)
            audit.append(s, at=now, actor=supervisor, action=action, case_no=case_no,
                         detail={"request": row.id[:12], "requested_by": clerk.user_id,
                                 "kind": case.kind, "key": case.key,
                                 "catalog_version": case.catalog_version,
                                 "materials": len(ids), "credit": credit_at_request,
                                 "credit_at_approval": row.credit,
                                 "deadline": to_rfc3339(deadline)})
            outbox.append_event(s, case_no, "accepted", clerk, outbox.accepted_payload(
                case, pw_hash, tolerance={"materials": ids, "deadline": to_rfc3339(deadline),
                                          "approved_by": supervisor.user_id,
                                          "commitment_blob": blob}), now)
            row.status = RequestStatus.APPROVED.value
            row.decided_by, row.decided_at = _dumps(supervisor.to_json()), now
            row.case_no, row.deadline, row.commitment_blob = case_no, deadline, blob
            row.materials = _dumps([m.to_json() for m in tolerated])
            row.updated_at = now
            request = _request(row)
            u.case_changed(case_no, ChangeKind.TOLERANCE_APPROVED)
            u.case_changed(row.id, ChangeKind.TOLERANCE_APPROVED)
            u.commit()
        log.info("tolerance approved by %s: case %s", supervisor.user_id, case_no)
        case.query_password = password
        return ApprovalResult(request=request, case=case, query_password=password)

    def _recheck_credit(self, request_id: str, supervisor: Actor,
                        now: datetime) -> CreditResult | None:
        """The credit lookup again for a pending request that could not be checked when it
        was made (None: it was checked then). A dishonest answer refuses the approval
        (audited, nothing else changed). The lookup runs outside any transaction."""
        action = "tolerance.approve"
        with self._refusals(supervisor, action):
            with self._uow(read_only=True) as u:
                s = u.session
                self._perm.require(s, supervisor, action, at=now)
                row = self._pending_row(s, request_id)
                if supervisor.user_id == _actor(row.requested_by).user_id:
                    raise CounterError(SELF_APPROVAL_MESSAGE)
                if row.credit != CreditStatus.UNCHECKED.value:
                    return None
                intake = Intake.from_json(row.intake)
            applicant = _applicant(intake, self.spec(intake))
        credit = self._check_credit(applicant)
        if credit.status is CreditStatus.DISHONEST:
            self._audit_refusal(supervisor, action, DISHONEST_AT_APPROVAL_MESSAGE, now,
                                detail={"request": request_id[:12], "credit": "unchecked",
                                        "credit_at_approval": "dishonest"})
            raise CounterError(DISHONEST_AT_APPROVAL_MESSAGE)
        return credit

    def refuse(self, request_id: str, supervisor: Actor, reason_code: str,
               text: str = "") -> ToleranceRequest:
        """Refuse (不同意容缺) with a reason of kind ``tolerance_refuse`` from the request's
        catalog and, optionally, the supervisor's words. The draft stays open: the clerk may
        notify the applicant of the missing materials instead.
        """
        now = self._clock.now()
        action = "tolerance.refuse"
        words = (text or "").strip()
        with self._refusals(supervisor, action), self._uow() as u:
            s = u.session
            self._perm.require(s, supervisor, "tolerance.approve", at=now)  # 审批: either way
            row = self._pending_row(s, request_id)
            clerk = _actor(row.requested_by)
            if supervisor.user_id == clerk.user_id:
                raise CounterError(SELF_APPROVAL_MESSAGE)
            codes = {r.code for r in
                     self._catalog.version(row.catalog_version).reasons_of("tolerance_refuse")}
            if reason_code not in codes:
                raise InvalidInput("请选择目录中的不同意容缺理由。")
            if len(words) > REASON_MAX:
                raise InvalidInput(f"说明不能超过 {REASON_MAX} 个字。")
            row.status = RequestStatus.REFUSED.value
            row.decided_by, row.decided_at = _dumps(supervisor.to_json()), now
            row.refuse_code, row.refuse_text, row.updated_at = reason_code, words, now
            audit.append(s, at=now, actor=supervisor, action=action,
                         detail={"request": row.id[:12], "requested_by": clerk.user_id,
                                 "reason_code": reason_code})
            request = _request(row)
            u.case_changed(row.id, ChangeKind.TOLERANCE_REFUSED)
            u.commit()
        log.info("tolerance refused by %s (%s)", supervisor.user_id, reason_code)
        return request

    # -- deadlines --------------------------------------------------------------------------------

    def deadlines(self, actor: Actor) -> DeadlineReport:
        """Open commitments, soonest deadline first, with counts per state (补正期限一览).

        Supervisors only (``deadlines.view``; a refusal is audited, a read that succeeds is
        not).
        """
        now = self._clock.now()
        with self._uow(read_only=True) as u:
            s = u.session
            self._perm.require(s, actor, "deadlines.view", at=now)
            rows = s.execute(
                select(ToleranceRequestRow, CaseRow.state, CaseRow.accepted_at)
                .join(CaseRow, CaseRow.case_no == ToleranceRequestRow.case_no)
                .where(ToleranceRequestRow.status == RequestStatus.APPROVED.value)
                .order_by(ToleranceRequestRow.deadline, ToleranceRequestRow.case_no)).all()
            owed = self._owed(s, [r.case_no for r, _st, _at in rows])
            work = self._work_calendar()
            entries = []
            for r, state, accepted_at in rows:
                materials = tuple(m for m in (ToleratedMaterial.from_json(x)
                                              for x in json.loads(r.materials))
                                  if m.material in owed.get(r.case_no, ()))
                entries.append(DeadlineEntry(
                    case_no=r.case_no, name=r.name, case_state=CaseState(state),
                    applicant_name=r.applicant_name, materials=materials,
                    accepted_at=accepted_at, deadline=r.deadline,
                    state=deadline_state(work, r.deadline, now),
                    workdays_left=workdays_left(work, r.deadline, now),
                    requested_by=_actor(r.requested_by).user_id,
                    approved_by=_actor(r.decided_by).user_id if r.decided_by else "",
                    request_id=r.id))
        counts = {st: sum(1 for e in entries if e.state is st) for st in DeadlineState}
        return DeadlineReport(at=now, entries=tuple(entries), counts=counts)

    def deadline_state(self, case_no: str, actor: Actor) -> DeadlineState | None:
        """The state of a case's open commitment now (None: no open commitment);
        ``tolerance.view``."""
        request = self.of_case(case_no, actor)
        if request is None or request.status is not RequestStatus.APPROVED:
            return None
        return deadline_state(self._work_calendar(), request.deadline, self._clock.now())

    # -- 3. supplement ------------------------------------------------------------------------------

    def supplement(self, case_no: str, actor: Actor,
                   materials: Mapping[str, Sequence[str]]) -> SupplementResult:
        """Receive tolerated materials (补正/补交): ``material id → pages`` (sha256 in the blob
        store; an empty list: on paper, not scanned).

        The ledger entries become ``received`` with their pages; event ``supplemented``. When
        nothing tolerated remains the commitment is fulfilled and a case awaiting supplement
        is ``accepted``. Materials arriving after the deadline are still taken while the case
        has not been terminated (noted in the history).

        Possible in every state before pickup (:data:`counter.cases.model.SUPPLEMENT_STATES`:
        also after the platform moved the case to in_review, approved, denied … — the state
        then stays the platform's, and the 容缺材料未补齐 flag clears with the last material),
        and after a pickup a supervisor allowed with material owed.
        """
        now = self._clock.now()
        action = "case.supplement"
        number = _canonical(case_no)
        with self._refusals(actor, action, number), self._uow() as u:
            s = u.session
            self._perm.require(s, actor, action, case_no=number, at=now)
            row = repo.lock_case(s, number)  # NotFound when there is none
            catalog = self._catalog.version(row.catalog_version)
            items = [catalog.item(c) for c, _n in repo.load_case(s, number).items
                     if catalog.has_item(c)]
            self._perm.require_offered(s, actor, action, self._site.load(s), items,
                                       case_no=number, at=now)
            request_row = self._open_commitment(s, number)
            state = CaseState(row.state)
            if state not in SUPPLEMENT_STATES:
                raise CounterError(f"办件当前状态为「{state.label}」，不能补正。")
            if not materials:
                raise InvalidInput("请选择补交的材料。")
            tolerated = {m.material: m for m in (ToleratedMaterial.from_json(x)
                                                 for x in json.loads(request_row.materials))}
            ledger = {m.material: m for m in s.scalars(
                select(CaseMaterialRow).where(CaseMaterialRow.case_no == number)
                .order_by(CaseMaterialRow.position)).all()}
            problems = []
            for mid, pages in materials.items():
                entry = ledger.get(mid)
                if mid not in tolerated or entry is None:
                    problems.append(f"「{entry.name if entry else mid}」不是本办件的容缺材料")
                elif entry.status != MaterialStatus.TOLERATED.value:
                    problems.append(f"「{entry.name}」已补交")
                elif any(not self._blobs.has(p) for p in pages):
                    problems.append(f"「{entry.name}」的页面尚未保存，请重新采集")
            if problems:
                raise InvalidInput("补正材料有误：", problems=problems)
            overdue = now > request_row.deadline
            supplied = []
            for mid, pages in materials.items():
                entry, owed = ledger[mid], tolerated[mid]
                entry.status = MaterialStatus.RECEIVED.value
                entry.pages = repo.dumps(list(dict.fromkeys(pages)))
                entry.copies = owed.copies
                entry.original = owed.original
                supplied.append((mid, list(dict.fromkeys(pages))))
            remaining = [tolerated[mid] for mid, e in ledger.items()
                         if mid in tolerated and e.status == MaterialStatus.TOLERATED.value]
            note = f"补交容缺材料 {len(supplied)} 项"
            note += f"，尚缺 {len(remaining)} 项" if remaining else "，容缺材料已全部补齐"
            if overdue:
                note += "（逾期补交）"
            if not remaining:
                if state is CaseState.AWAITING_SUPPLEMENT:
                    row.state = transition(state, CaseAction.SUPPLEMENT).value
                request_row.status = RequestStatus.FULFILLED.value
                request_row.closed_at = now
            request_row.updated_at = row.updated_at = now
            repo.add_history(s, number, HistoryEntry(now, CaseAction.SUPPLEMENT.value, actor,
                                                     note))
            audit.append(s, at=now, actor=actor, action=action, case_no=number,
                         detail={"materials": len(supplied), "remaining": len(remaining),
                                 "overdue": overdue})
            outbox.append_event(s, number, "supplemented", actor,
                                outbox.supplemented_payload(supplied), now)
            s.flush()
            case = repo.load_case(s, number)
            u.case_changed(number, ChangeKind.SUPPLEMENTED)
            u.commit()
        received = {mid for mid, _p in supplied}
        log.info("case %s: %d tolerated material(s) supplemented, %d remaining", number,
                 len(supplied), len(remaining))
        return SupplementResult(case=case,
                                supplemented=tuple(e for e in case.materials
                                                   if e.material in received),
                                remaining=tuple(remaining), overdue=overdue)

    # -- 4. terminate -------------------------------------------------------------------------------

    def terminate(self, case_no: str, supervisor: Actor, reason_text: str) -> Case:
        """End an overdue commitment's case (终止办理): only once its deadline has passed.

        Raises:
            PermissionDenied: not a supervisor, or the session is locked.
            CounterError: no open commitment; the deadline has not passed; no reason.
        """
        now = self._clock.now()
        action = "case.terminate"
        number = _canonical(case_no)
        text = (reason_text or "").strip()
        with self._refusals(supervisor, action, number), self._uow() as u:
            s = u.session
            self._perm.require(s, supervisor, action, case_no=number, at=now)
            row = repo.lock_case(s, number)  # NotFound when there is none
            request_row = self._open_commitment(s, number)
            state = deadline_state(self._work_calendar(), request_row.deadline, now)
            if state is not DeadlineState.OVERDUE:
                raise CounterError(f"补正期限（{request_row.deadline:%Y-%m-%d %H:%M}）尚未届满，"
                                   "不能终止办理。")
            if not text:
                raise InvalidInput("请填写终止办理的理由。")
            if len(text) > REASON_MAX:
                raise InvalidInput(f"终止理由不能超过 {REASON_MAX} 个字。")
            row.state = transition(row.state, CaseAction.TERMINATE).value
            row.updated_at = request_row.updated_at = request_row.closed_at = now
            row.reason_text = text
            request_row.status = RequestStatus.TERMINATED.value
            repo.add_history(s, number, HistoryEntry(now, CaseAction.TERMINATE.value, supervisor,
                                                     "逾期未补交容缺材料，终止办理"))
            audit.append(s, at=now, actor=supervisor, action=action, case_no=number,
                         detail={"request": request_row.id[:12],
                                 "deadline": to_rfc3339(request_row.deadline)})
            outbox.append_event(s, number, "terminated", supervisor,
                                outbox.terminated_payload(text, supervisor), now)
            s.flush()
            case = repo.load_case(s, number)
            u.case_changed(number, ChangeKind.TERMINATED)
            u.commit()
        log.info("case %s terminated by %s (tolerance overdue)", number, supervisor.user_id)
        return case

    # -- internals ----------------------------------------------------------------------------------

    def _work_calendar(self):
        cal = self._calendar
        return cal.calendar() if hasattr(cal, "calendar") else cal

    def _request_checks(self, s, intake: Intake, spec: IntakeSpec, actor: Actor,
                        ids: list[str], reason: str, pages: list[str], now: datetime) -> None:
        """Everything :meth:`request` requires, in the order a clerk fixes it."""
        self._perm.require_items(s, actor, "tolerance.request", self._site.load(s), spec.items,
                                 at=now)
        self._open_draft(s, intake.id, missing_ok=True)
        if s.scalars(select(ToleranceRequestRow.id).where(
                ToleranceRequestRow.draft_id == intake.id,
                ToleranceRequestRow.status == RequestStatus.PENDING.value)).first():
            raise CounterError("该受理已提交容缺受理申请，正在等待审批，请勿重复提交。")
        self._rule_checks(spec, intake, ids, now)
        _applicant(intake, spec)
        if not reason:
            raise InvalidInput("请填写申请容缺受理的理由。")
        if len(reason) > REASON_MAX:
            raise InvalidInput(f"理由不能超过 {REASON_MAX} 个字。")
        if not pages:
            raise InvalidInput("请先打印容缺受理告知承诺书，由申请人签字后采集签字页。")
        if any(not self._blobs.has(p) for p in pages):
            raise InvalidInput("承诺书签字页尚未保存，请重新采集。")

    @staticmethod
    def _rule_checks(spec: IntakeSpec, intake: Intake, ids: list[str], now: datetime) -> None:
        problems = selection_problems(spec, intake, ids)
        if problems:
            raise InvalidInput("不能容缺受理：", problems=problems)
        form = form_problems(spec, intake.answers, intake.form, today=now.date())
        if form:
            raise InvalidInput("表单填写有误，不能容缺受理：",
                               problems=problems_as_lines(spec, form))
        others = other_missing(spec, intake, ids)
        if others:
            raise InvalidInput("除容缺材料外，申请材料不齐全，不能容缺受理（可一次性告知）：",
                               problems=[m.name for m in others])

    @staticmethod
    def _chosen(spec: IntakeSpec, intake: Intake, ids: Iterable[str]) -> list[ToleratedMaterial]:
        by_id = {m.id: m for m in tolerable_materials(spec, intake)}
        return [ToleratedMaterial.of(by_id[mid]) for mid in dict.fromkeys(ids)]

    @staticmethod
    def _open_draft(s, draft_id: str, *, missing_ok: bool = False) -> DraftRow | None:
        draft = repo.draft_row(s, draft_id, lock=True, missing_ok=missing_ok)
        if draft is None:
            return None
        if draft.status == "decided":
            raise CounterError(f"该受理草稿已办结（办件编号 {draft.case_no}），不能再容缺受理。")
        if draft.status != "open":
            raise CounterError("该受理草稿已放弃，不能再容缺受理。")
        return draft

    @staticmethod
    def _pending_row(s, request_id: str) -> ToleranceRequestRow:
        row = s.scalars(select(ToleranceRequestRow).where(ToleranceRequestRow.id == request_id)
                        .with_for_update()).first()
        if row is None:
            raise NotFound("未找到该容缺受理申请。")
        status = RequestStatus(row.status)
        if status is not RequestStatus.PENDING:
            if row.case_no:
                raise CounterError(f"该容缺受理申请已审批通过（办件编号 {row.case_no}），"
                                   "不能再处理。")
            raise CounterError(f"该容缺受理申请的状态为「{status.label}」，不能再处理。")
        return row

    @staticmethod
    def _open_commitment(s, case_no: str) -> ToleranceRequestRow:
        row = s.scalars(select(ToleranceRequestRow)
                        .where(ToleranceRequestRow.case_no == case_no).with_for_update()).first()
        if row is None:
            raise CounterError("该办件不是容缺受理的办件，没有容缺材料需要补交。")
        if row.status != RequestStatus.APPROVED.value:
            raise CounterError(f"该办件的容缺承诺{RequestStatus(row.status).label}，无需再处理。")
        return row

    @staticmethod
    def _owed(s, case_nos: list[str]) -> dict[str, set[str]]:
        if not case_nos:
            return {}
        out: dict[str, set[str]] = {}
        for no, mid in s.execute(select(CaseMaterialRow.case_no, CaseMaterialRow.material).where(
                CaseMaterialRow.case_no.in_(case_nos),
                CaseMaterialRow.status == MaterialStatus.TOLERATED.value)):
            out.setdefault(no, set()).add(mid)
        return out

    def _check_credit(self, applicant: Mapping[str, str]) -> CreditResult:
        """The credit lookup; a checker that fails unexpectedly counts as "could not check"."""
        try:
            return self.credit.check(applicant["id_type"], applicant["id_number"])
        except Exception as exc:  # noqa: BLE001 - a lookup must never stop the counter
            log.warning("credit lookup failed (%s): treated as unchecked", type(exc).__name__)
            return CreditResult.unchecked()

    def _commitment_blob(self, pages: list[str]) -> str | None:
        """The signed commitment as one blob: its page, or a PDF of its pages."""
        if not pages:
            return None
        if len(pages) == 1:
            return pages[0]
        return self._blobs.put(images_pdf([self._blobs.get(p) for p in pages]))

    @contextmanager
    def _refusals(self, actor: Actor, action: str, case_no: str | None = None):
        """Audit a rule's refusal raised inside (in a transaction of its own) and re-raise it;
        rights refusals were audited by the permission check already."""
        try:
            yield
        except PermissionDenied:
            raise
        except CounterError as exc:
            self._audit_refusal(actor, action, exc.message, self._clock.now(), case_no=case_no,
                                detail={"problems": exc.problems[:20]} if exc.problems else None)
            raise

    def _audit_refusal(self, actor: Actor, action: str, reason: str, now: datetime, *,
                       case_no: str | None = None, detail: Mapping | None = None) -> None:
        with self._uow() as u:
            audit.append(u.session, at=now, actor=actor, action=action, case_no=case_no,
                         result="refused", detail={"reason": reason, **dict(detail or {})})
            u.commit()
        log.info("%s refused for %s (role %s)", action, actor.user_id, actor.role)


# -- helpers ------------------------------------------------------------------------------------

def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _actor(text: str | None) -> Actor | None:
    return Actor.from_json(json.loads(text)) if text else None


def _canonical(case_no: str) -> str:
    return CaseService._canonical_no(case_no)


def _applicant(intake: Intake, spec: IntakeSpec) -> dict[str, str]:
    """The identified applicant (type, name, document type and number); refused when the
    form does not identify them (the credit lookup and the case need it)."""
    who = intake.applicant(spec)
    if not who.get("name") or not who.get("id_number") or not who.get("id_type"):
        if who["type"] == "organisation":
            raise InvalidInput("请填写申请单位名称和有效的统一社会信用代码。")
        raise InvalidInput("请填写申请人姓名、证件类型和有效的证件号码。")
    return {k: str(v) for k, v in who.items()}


def _request(row: ToleranceRequestRow) -> ToleranceRequest:
    return ToleranceRequest(
        id=row.id, draft_id=row.draft_id, status=RequestStatus(row.status), kind=row.kind,
        key=row.key, name=row.name, catalog_version=row.catalog_version,
        applicant_type=row.applicant_type, applicant_name=row.applicant_name,
        materials=tuple(ToleratedMaterial.from_json(m) for m in json.loads(row.materials)),
        reason=row.reason, requested_by=_actor(row.requested_by),
        requested_at=row.requested_at,
        credit=CreditResult(CreditStatus(row.credit), row.credit_checked_at,
                            row.credit_note or ""),
        commitment_pages=tuple(json.loads(row.commitment_pages)),
        commitment_blob=row.commitment_blob, decided_by=_actor(row.decided_by),
        decided_at=row.decided_at, refuse_code=row.refuse_code, refuse_text=row.refuse_text,
        case_no=row.case_no, deadline=row.deadline, closed_at=row.closed_at)


def images_pdf(pages: Sequence[bytes]) -> bytes:
    """A PDF with one A4 page per JPEG page, each image fitted to the page (多页签字页合成).

    Pure Python (Pillow only reads the sizes); the JPEG bytes are embedded as they are
    (``DCTDecode``) and the output is deterministic: the same pages give the same bytes.
    """
    from PIL import Image

    a4 = (595.28, 841.89)
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    add(b"<< /Type /Catalog /Pages 2 0 R >>")
    add(b"")  # the page tree, filled in below
    kids = []
    for data in pages:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "JPEG":
                raise InvalidInput("签字页不是 JPEG 图像，无法合成 PDF。")
            w, h = img.size
            space = {"L": b"/DeviceGray", "CMYK": b"/DeviceCMYK"}.get(img.mode, b"/DeviceRGB")
        scale = min(a4[0] / w, a4[1] / h)
        dw, dh = w * scale, h * scale
        x, y = (a4[0] - dw) / 2, (a4[1] - dh) / 2
        image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                    b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                    % (w, h, space, len(data)) + data + b"\nendstream")
        content = b"q %.2f 0 0 %.2f %.2f %.2f cm /Im0 Do Q" % (dw, dh, x, y)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>"
                        % (a4[0], a4[1], image, stream)))
    objects[1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                  + b"] /Count %d >>" % len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()
