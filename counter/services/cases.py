"""Case use cases (办件服务): the decisions at the counter and everything after them.

Each method is one transaction that writes the case rows, its materials ledger, its history,
one audit entry and (for what the platform must learn) one outbox event — or nothing at all
when a rule says no. Refusals are :class:`counter.errors.CounterError` subclasses with a
Chinese message; they never contain personal data.

Documents: with a :class:`counter.documents.DocumentRenderer` and the document service, each
decision also renders its document and archives it in the same transaction — 受理通知书 for
accept, 一次性告知书 for notify, 不予受理通知书 for reject — and the ``notified`` / ``rejected``
events carry the archived PDF's sha256 as ``notice_blob`` (the sync worker uploads it before the
event, as the platform contract requires). The archived receipt never holds the query password
(see :mod:`counter.documents`). Without a renderer nothing is archived and ``notice_blob`` is
``null`` (the platform accepts ``null`` for a document that was never produced).

Permissions (:mod:`counter.permissions`, docs/security.md): every call but the platform's
status feed checks its action of the role matrix first in its unit of work — ``case.accept``,
``case.notify``, ``case.reject`` (and, at a 政银合作服务点 or for ``bank_staff``, only items
marked ``bank_point``), ``case.pickup``, and ``case.view`` for reading a case (it holds the
applicant's data). The check also refuses a locked or foreign login session. A refusal
(:class:`counter.permissions.PermissionDenied`) is audited (result ``refused``) in a
transaction of its own; nothing of the refused call is kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import func, select

from counter import audit, outbox
from counter.cases import repository as repo
from counter.cases.model import (FEED_STATUS_ACTIONS, FINAL_STATES, TOLERANCE_OWED, Applicant,
                                 Case, CaseAction, CaseState, CaseSummary, HistoryEntry,
                                 LedgerEntry, PickupInfo, transition)
from counter.cases.numbering import (case_no_problem, clean, format_case_no, looks_like_case_no,
                                     next_serial, parse_case_no, serial_prefix)
from counter.cases.password import next_password
from counter.catalog.model import ID_TYPES, ITEM_TYPES, Necessity, names_an_authority
from counter.clock import Clock
from counter.documents import DocumentRenderer, DocumentService
from counter.errors import CounterError, InvalidInput, NotFound
from counter.identity import PLATFORM_USER, TRAINING_KEY, Actor, SiteProfile, SiteService
from counter.intake.intake import Intake, MaterialStatus
from counter.intake.merge import IntakeSpec, is_empty
from counter.permissions import MATRIX, Permissions
from counter.intake.validate import (QUESTION_PREFIX, RESIDENT_ID_TYPE, USCC_ID_TYPE,
                                     field_problem, form_problems, normalise_value,
                                     problems_as_lines)
from counter.services.catalog import CatalogService
from counter.store.models import CaseMaterialRow, CaseRow, DraftRow, SettingRow
from counter.changes import ChangeKind
from counter.store.uow import UowFactory
from counter.workdays import legal_deadline

log = logging.getLogger(__name__)

__all__ = ["CaseService", "AcceptResult", "PasswordReset", "StatusUpdate", "PickupOverride",
           "ToleranceOwed", "DECIDING_ROLES", "OVERRIDE_REASON_MAX", "PASSWORD_RESET"]

#: The history step of a query-password reset (重置查询密码).
PASSWORD_RESET = "query_password_reset"

#: Roles that may take decisions and hand out results at the counter (the role matrix's).
DECIDING_ROLES = MATRIX["case.accept"].roles
FIND_LIMIT = 50

_ID_PATTERN_LEN = 18
#: The longest reason a supervisor may give for handing out with tolerated material owed.
OVERRIDE_REASON_MAX = 500


@dataclass(frozen=True)
class AcceptResult:
    """What :meth:`CaseService.accept` returns: the case and its query password (查询密码),
    shown once on the receipt and never stored in clear."""

    case: Case
    query_password: str


@dataclass(frozen=True)
class PasswordReset:
    """What :meth:`CaseService.reset_query_password` returns.

    Attributes:
        case: the case as it is now.
        query_password: the new password, shown and printed once (only its hash is stored).
        reset_at: when it was reset (printed on the re-issued receipt).
        platform_updated: the case's ``accepted`` event had not left this store yet and now
            carries the new hash, so the platform's online query will know the new password;
            False: the platform keeps the hash it already received (see docs/sync.md).
    """

    case: Case
    query_password: str
    reset_at: datetime
    platform_updated: bool


@dataclass(frozen=True)
class StatusUpdate:
    """What :meth:`CaseService.apply_status` returns: the case as it is now, and whether this
    feed item changed anything (False: already applied — the same item read again, or a
    status the case already has — nothing was written)."""

    case: Case
    changed: bool


@dataclass(frozen=True)
class PickupOverride:
    """A supervisor's approval to hand out a result although tolerated material is still owed
    (容缺材料未补齐，值班长批准先行出件).

    Attributes:
        supervisor: the supervisor who approves (their credentials entered at this counter,
            ``UserService.confirm``; the role matrix's ``case.pickup_override``); not the clerk
            who hands out.
        reason: why (required; kept in the case history).
    """

    supervisor: Actor
    reason: str


class ToleranceOwed(CounterError):
    """出件 refused: tolerated material is still owed (出件前须补齐容缺材料).

    Attributes:
        materials: the names of the materials owed (catalog names, no personal data).
    """

    def __init__(self, materials: list[str]) -> None:
        super().__init__("出件前须补齐容缺材料：" + "、".join(materials) + "。"
                         "申请人补交后办理补正，或由首席代表/值班长批准先行出件。")
        self.materials = list(materials)


@dataclass
class _Decision:
    """What every decision derives from a draft before it writes anything."""

    intake: Intake
    spec: IntakeSpec
    answers: dict[str, str]
    form: dict[str, Any]
    draft: DraftRow | None
    profile: SiteProfile
    applicant: Applicant | None = None
    contact: dict[str, str] | None = None
    _checklist: list | None = None

    @property
    def checklist(self) -> list:
        """The applicable materials with their states (computed once per decision)."""
        if self._checklist is None:
            self._checklist = self.intake.checklist(self.spec)
        return self._checklist

    def identify(self) -> None:
        """Set the applicant and contact from the valid values; refused when the applicant
        is not identified (the platform needs a name and a valid document number)."""
        who = replace(self.intake, form=dict(self.form)).applicant(self.spec)
        name, number = who.get("name"), who.get("id_number")
        if who["type"] == "organisation":
            if not name or not number:
                raise InvalidInput("请填写申请单位名称和有效的统一社会信用代码。")
        elif not name or not number or not who.get("id_type"):
            raise InvalidInput("请填写申请人姓名、证件类型和有效的证件号码。")
        self.applicant = Applicant(who["type"], name, who["id_type"], number)
        self.contact = _contact(self.form, self.applicant)


class CaseService:
    """Cases (办件服务): accept, notify, reject, look up, hand out, follow the platform.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        catalog: the catalog service (a draft's catalog version, reasons).
        calendar: has ``add(moment, limit) -> datetime`` (the working-day calendar).
        site: the site service (this counter's profile: the case-number prefix).
        documents: the document archive; with ``renderer``, each decision archives its
            document in its own transaction.
        renderer: renders a decided case's document (``printing`` provides it); None:
            nothing is archived and ``notice_blob`` stays ``null``.
        permissions: the permission checks (role matrix and login session); default: the
            role matrix only.
    """

    def __init__(self, uow: UowFactory, clock: Clock, catalog: CatalogService, calendar,
                 site: SiteService, *, documents: DocumentService | None = None,
                 renderer: DocumentRenderer | None = None,
                 permissions: Permissions | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._catalog = catalog
        self._calendar = calendar
        self._site = site
        self._documents = documents
        self._renderer = renderer
        self._perm = permissions or Permissions(None, clock)

    # -- decisions ---------------------------------------------------------------------------

    def accept(self, intake: Intake | str, actor: Actor) -> AcceptResult:
        """Accept the application (受理): S-series number, promised date, query password.

        Refused, with nothing written, when the form has problems (every one listed), when a
        required material is not received or exempt (every one listed), when the promised
        date falls in a year the holiday calendar can neither know nor compute (after 2099;
        a year not published yet is computed and the date marked 预计:
        ``case.promised_provisional``), or when the draft was already
        decided; :class:`counter.permissions.PermissionDenied` (audited) when the actor may not.
        """
        now = self._clock.now()
        password, pw_hash = next_password()  # Argon2id, made ahead: outside the transaction
        with self._uow() as u:
            s = u.session
            d = self._prepare(s, intake, actor, "case.accept", now)
            problems = form_problems(d.spec, d.intake.answers, d.intake.form, today=now.date())
            if problems:
                raise InvalidInput("表单填写有误，不能受理：",
                                   problems=problems_as_lines(d.spec, problems))
            missing = self._missing(d)
            if missing:
                raise InvalidInput("申请材料不齐全，不能受理（可一次性告知）：",
                                   problems=[m.name for m in missing])
            d.identify()
            promised = self._calendar.add(now, d.spec.promised_limit)
            provisional = self._calendar.is_provisional(now, promised)
            legal = legal_deadline(self._calendar, now, d.spec.legal_limit)
            case_no = self._take_number(s, d.profile, now, "S")
            note = f"承诺时限：{d.spec.promised_limit.label()}"
            if provisional:
                note += "（办结时间为预计，以节假日安排公布后为准）"
            case = self._case(d, case_no, CaseAction.ACCEPT, actor, now,
                              materials=self._ledger(d, accepted=True),
                              accepted_at=now, promised_at=promised,
                              legal_at=legal, promised_provisional=provisional,
                              legal_provisional=legal is not None
                              and self._calendar.is_provisional(now, legal), note=note)
            self._write_decision(s, d, case, actor, now, "case.accept",
                                 outbox.accepted_payload(case, pw_hash), "accepted",
                                 pw_hash=pw_hash, document="receipt",
                                 detail={"materials": len(case.materials)})
            u.case_changed(case_no, ChangeKind.ACCEPTED)
            u.commit()
        log.info("case %s accepted by %s", case_no, actor.user_id)
        case.query_password = password
        return AcceptResult(case=case, query_password=password)

    def notify(self, intake: Intake | str, actor: Actor) -> Case:
        """Tell the applicant once and completely what is missing (一次性告知): G-series.

        The guide questions must all be answered (otherwise the list could be incomplete)
        and the applicant identified; other invalid form values are not stored. Refused when
        nothing is missing.
        """
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            d = self._prepare(s, intake, actor, "case.notify", now)
            unanswered = [line for key, line in
                          form_problems(d.spec, d.intake.answers, d.intake.form,
                                        today=now.date()).items()
                          if key.startswith(QUESTION_PREFIX)]
            if unanswered:
                raise InvalidInput("请先回答全部情形问题，一次性告知的材料清单才能完整：",
                                   problems=unanswered)
            missing = self._missing(d)
            if not missing:
                raise InvalidInput("申请材料已齐全，无需一次性告知，请直接受理。")
            d.identify()
            case_no = self._take_number(s, d.profile, now, "G")
            case = self._case(d, case_no, CaseAction.NOTIFY, actor, now,
                              materials=self._ledger(d, accepted=False),
                              missing=[m.id for m in missing],
                              note=f"告知缺少材料 {len(missing)} 项")
            self._write_decision(s, d, case, actor, now, "case.notify",
                                 outbox.notified_payload(case), "notified", document="notice",
                                 detail={"missing": len(missing)})
            u.case_changed(case_no, ChangeKind.NOTIFIED)
            u.commit()
        log.info("case %s notified by %s", case_no, actor.user_id)
        return case

    def reject(self, intake: Intake | str, actor: Actor, reason_code: str,
               reason_text: str) -> Case:
        """Refuse the application (不予受理): B-series, with a catalog reason and free text.

        ``reason_code`` must be a reason of kind ``reject`` in the draft's catalog version;
        ``reason_text`` (the clerk's explanation, printed on the notice) must not be blank.
        """
        now = self._clock.now()
        text = (reason_text or "").strip()
        with self._uow() as u:
            s = u.session
            d = self._prepare(s, intake, actor, "case.reject", now)
            reasons = {r.code: r for r in d.spec.catalog.reasons_of("reject")}
            if reason_code not in reasons:
                raise InvalidInput("请选择目录中的不予受理理由。")
            if not text:
                raise InvalidInput("请填写不予受理的具体说明。")
            reason = reasons[reason_code]
            types = [i.type for i in d.spec.items]
            if not reason.applies_to(types):
                raise InvalidInput(f"不予受理理由“{reason.text}”不适用于{_type_names(types)}事项，"
                                   "请选择适用的理由。")
            if reason.names_authority and not names_an_authority(text):
                raise InvalidInput("该理由须在具体说明中写明应向哪个行政机关申请"
                                   "（如“运城市市场监督管理局”）。")
            d.identify()
            case_no = self._take_number(s, d.profile, now, "B")
            case = self._case(d, case_no, CaseAction.REJECT, actor, now,
                              materials=self._ledger(d, accepted=False),
                              reason_code=reason_code, reason_text=text,
                              note=f"理由代码 {reason_code}")
            self._write_decision(s, d, case, actor, now, "case.reject",
                                 outbox.rejected_payload(case), "rejected", document="rejection",
                                 detail={"reason_code": reason_code})
            u.case_changed(case_no, ChangeKind.REJECTED)
            u.commit()
        log.info("case %s rejected by %s", case_no, actor.user_id)
        return case

    # -- after the decision -----------------------------------------------------------------

    def pickup(self, case_no: str, actor: Actor,
               picked_up_by: Mapping[str, str] | None = None, *,
               override: PickupOverride | None = None) -> Case:
        """Hand out the result (出件): the case must be approved, denied or completed.

        A case accepted with tolerance whose tolerated material is still owed
        (:attr:`Case.tolerance_owed`) is refused with :class:`ToleranceOwed` (出件前须补齐容缺
        材料：…), unless ``override`` names a supervisor (``case.pickup_override``, not
        ``actor``) and a reason: then the result is handed out and the override recorded —
        an audit entry ``case.pickup_override`` by the supervisor (material ids and the
        clerk; the words stay out of the audit trail), the case history (the materials, the
        supervisor, the reason), and ``override_by`` in the ``case.pickup`` entry. The
        ``picked_up`` event carries only the contract's keys (the platform API does not
        allow extra ones). The commitment stays open: the material may still be supplied.

        Args:
            picked_up_by: None when the applicant collects it in person (本人领取), else the
                agent's ``{name, id_type, id_number}`` (代领); the agent's number must be valid
                for its document type (居民身份证: GB 11643 checksum).
            override: the supervisor's approval to hand out with tolerated material owed
                (ignored when nothing is owed).

        Raises:
            ToleranceOwed: tolerated material owed and no override.
            PermissionDenied: ``actor`` may not hand out, or the override's supervisor may
                not approve it (both audited).
            CounterError: the state does not allow pickup; the override has no reason or is
                the clerk's own.
        """
        now = self._clock.now()
        number = self._canonical_no(case_no)
        agent = None if picked_up_by is None else self._agent(picked_up_by, now)
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "case.pickup", case_no=number, at=now)
            row = repo.lock_case(s, number)  # NotFound when there is none
            new_state = transition(row.state, CaseAction.PICKUP)
            owed = s.execute(select(CaseMaterialRow.material, CaseMaterialRow.name).where(
                CaseMaterialRow.case_no == number,
                CaseMaterialRow.status == MaterialStatus.TOLERATED.value)
                .order_by(CaseMaterialRow.position)).all()
            note_override = None
            if owed:
                note_override = self._check_override(s, number, actor, override, owed, now)
            if agent is None:
                info = PickupInfo(now, True, row.applicant_name, row.applicant_id_type,
                                  row.applicant_id_number, actor)
            else:
                info = PickupInfo(now, False, agent[0], agent[1], agent[2], actor)
            row.state, row.updated_at = new_state.value, now
            row.picked_up = repo.pickup_json(info)
            note = "本人领取" if agent is None else "代领"
            if note_override:
                note += "；" + note_override
            repo.add_history(s, number, HistoryEntry(now, CaseAction.PICKUP.value, actor, note))
            detail: dict[str, Any] = {"by_applicant": agent is None}
            if owed:
                detail["override_by"] = override.supervisor.user_id
                audit.append(s, at=now, actor=override.supervisor,
                             action="case.pickup_override", case_no=number,
                             detail={"clerk": actor.user_id,
                                     "materials": [mid for mid, _n in owed]})
            audit.append(s, at=now, actor=actor, action="case.pickup", case_no=number,
                         detail=detail)
            outbox.append_event(s, number, "picked_up", actor,
                                outbox.picked_up_payload(info.name, info.id_type,
                                                         info.id_number), now)
            s.flush()
            case = repo.load_case(s, number)
            u.case_changed(number, ChangeKind.PICKED_UP)
            u.commit()
        log.info("case %s picked up (%s)%s", number, "self" if agent is None else "agent",
                 " on a supervisor's override" if owed else "")
        return case

    def _check_override(self, s, number: str, actor: Actor, override: PickupOverride | None,
                        owed, now: datetime) -> str:
        """Refuse a pickup with tolerated material owed unless a supervisor overrides it;
        every refusal is audited (``require`` for rights, :meth:`_refuse_pickup` for the
        rules). Returns the history note of the override."""
        names = [name for _mid, name in owed]
        if override is None:
            self._refuse_pickup(s, actor, number, ToleranceOwed(names), now)
        self._perm.require(s, override.supervisor, "case.pickup_override", case_no=number,
                           at=now, detail={"clerk": actor.user_id})
        reason = (override.reason or "").strip()
        if override.supervisor.user_id == actor.user_id:
            self._refuse_pickup(s, override.supervisor, number, CounterError(
                "不能批准本人办理的出件，请由其他首席代表或值班长批准。"), now,
                action="case.pickup_override")
        if not reason:
            self._refuse_pickup(s, override.supervisor, number, InvalidInput(
                "请填写先行出件的理由。"), now, action="case.pickup_override")
        if len(reason) > OVERRIDE_REASON_MAX:
            self._refuse_pickup(s, override.supervisor, number, InvalidInput(
                f"先行出件的理由不能超过 {OVERRIDE_REASON_MAX} 个字。"), now,
                action="case.pickup_override")
        return (f"{TOLERANCE_OWED}（{'、'.join(names)}），经 {override.supervisor.user_id} "
                f"批准先行出件：{reason}")

    @staticmethod
    def _refuse_pickup(s, actor: Actor, number: str, exc: CounterError, now: datetime, *,
                       action: str = "case.pickup"):
        """Record the refusal (audit ``refused``, a transaction of its own; nothing else of
        the call is kept) and raise ``exc``."""
        from counter.permissions import record_refusal

        record_refusal(s, actor, action, exc.message, at=now, case_no=number)
        raise exc

    def reset_query_password(self, case_no: str, actor: Actor) -> PasswordReset:
        """A new query password (重置查询密码) for an applicant who never got the first receipt
        or lost it; the clerk has checked the applicant's (or agent's) identity document.

        One transaction: a fresh password, its hash replaces the stored one (the old password
        no longer verifies), a history step, an audit entry ``case.reset_query_password``
        (no password, no hash in it). The platform contract has no event for a reset: when the
        case's ``accepted`` event has never been handed to the sync worker, its
        ``query_password_hash`` is replaced so the platform receives the new one; otherwise
        the reset is local and the platform keeps the old hash (``platform_updated`` False;
        docs/sync.md). Refused for a case without a password (一次性告知, 不予受理) and for a
        case that is over (出件, 终止, 作废).
        """
        now = self._clock.now()
        number = self._canonical_no(case_no)
        password, pw_hash = next_password()  # Argon2id, made ahead: outside the transaction
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "case.reset_query_password", case_no=number, at=now)
            row = repo.lock_case(s, number)  # NotFound when there is none
            state = CaseState(row.state)
            if row.query_password_hash is None:
                raise CounterError(f"办件状态为「{state.label}」，未受理的办件没有查询密码。")
            if state in FINAL_STATES:
                raise CounterError(f"办件已{state.label}，无需再查询办理进度，不能重置查询密码。")
            row.query_password_hash, row.updated_at = pw_hash, now
            platform = outbox.renew_unsent_password_hash(s, number, pw_hash)
            repo.add_history(s, number, HistoryEntry(
                now, PASSWORD_RESET, actor,
                "原查询密码作废" + ("" if platform else "（仅本地，平台仍为原密码）")))
            audit.append(s, at=now, actor=actor, action="case.reset_query_password",
                         case_no=number,
                         detail={"platform": "pending_event_updated" if platform
                                 else "local_only"})
            s.flush()
            case = repo.load_case(s, number)
            u.case_changed(number, ChangeKind.PASSWORD_RESET)
            u.commit()
        log.info("case %s: query password reset by %s (platform %s)", number, actor.user_id,
                 "updated" if platform else "unchanged")
        case.query_password = password
        return PasswordReset(case, password, now, platform)

    def apply_status(self, case_no: str, status: str, at: datetime | str,
                     message: str | None = None,
                     result: Mapping[str, Any] | None = None) -> StatusUpdate:
        """Apply a status from the platform's feed (平台状态回传) to a case.

        ``received`` only records the platform's receipt; the other statuses move the case
        (``in_review``, ``correction_required``, ``approved``, ``denied``, ``completed``).
        A status the case already has is ignored (feeds may repeat); an illegal move is
        refused. No outbox event: the platform already knows.

        A tolerance case (容缺受理) whose tolerated material is still owed follows the platform
        like any other (awaiting_supplement → in_review, correction_required, approved,
        denied, completed): the status is applied, never dropped, and flagged — the history
        line says 容缺材料未补齐, the audit entry counts the materials owed
        (``detail.tolerance_owed``); :attr:`Case.tolerance_owed` keeps the flag until the
        material is supplied, and 出件 waits for it (:meth:`pickup`).

        Idempotent: the feed has no item ids, so an item is known by case, status and time.
        One already in the case's history (a page read again after a killed sync worker)
        changes nothing — no history line, no audit entry, even when the case has moved on.

        Returns:
            the case and whether it changed (``changed`` is False for an item already applied,
            so that the feed counts it apart and does not report the case as moved).
        """
        if status not in FEED_STATUS_ACTIONS:
            raise InvalidInput(f"未知的平台办件状态：{status}")
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        if at.tzinfo is None:
            raise InvalidInput("平台状态时间缺少时区。")
        number = self._canonical_no(case_no)
        action = FEED_STATUS_ACTIONS[status]
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            row = repo.lock_case(s, number)  # NotFound when there is none
            if repo.has_history(s, number, f"platform.{status}", at):
                # this very feed item again: nothing to do
                return StatusUpdate(repo.load_case(s, number), changed=False)
            state = CaseState(row.state)
            if action is None:
                if state in (CaseState.NOTIFIED, CaseState.REJECTED, CaseState.DRAFT):
                    raise CounterError(f"办件当前状态为「{state.label}」，平台不应受理。")
                new_state = state
            elif state.value == status:
                # a repeated feed entry: nothing to do
                return StatusUpdate(repo.load_case(s, number), changed=False)
            else:
                new_state = transition(state, action)
            row.state, row.updated_at = new_state.value, now
            if message is not None:
                row.status_message = message
            if result is not None:
                row.result = repo.dumps(dict(result))
            note, detail = message or "", None
            owed = s.scalar(select(func.count()).select_from(CaseMaterialRow).where(
                CaseMaterialRow.case_no == number,
                CaseMaterialRow.status == MaterialStatus.TOLERATED.value))
            if owed and new_state is not state:
                # a tolerance case moved on with its material still owed: applied, flagged
                note = f"{note}（{TOLERANCE_OWED}）" if note else TOLERANCE_OWED
                detail = {"tolerance_owed": owed}
            repo.add_history(s, number, HistoryEntry(at, f"platform.{status}", None, note))
            audit.append(s, at=now, actor=None, user_id=PLATFORM_USER, role="platform",
                         action=f"case.status.{status}", case_no=number, detail=detail)
            s.flush()
            case = repo.load_case(s, number)
            u.case_changed(number, ChangeKind.PLATFORM_STATUS)
            u.commit()
        log.info("case %s: platform status %s", number, status)
        return StatusUpdate(case, changed=True)

    # -- reading -----------------------------------------------------------------------------

    def get(self, case_no: str, actor: Actor) -> Case:
        """The case with this number (typed or scanned; lower case and blanks tolerated).

        ``actor`` must be allowed ``case.view`` (the case holds the applicant's data).
        """
        number = self._canonical_no(case_no)
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "case.view", case_no=number)
            case = repo.load_case(u.session, number)
        if case is None:
            raise NotFound(f"未找到办件 {number}。")
        return self.mark_provisional(case)

    def mark_provisional(self, case: Case) -> Case:
        """Set ``case.promised_provisional`` and ``case.legal_provisional`` (预计) from the
        calendar as it is now; ``case``."""
        if case.accepted_at is not None:
            if case.promised_at is not None:
                case.promised_provisional = self._calendar.is_provisional(case.accepted_at,
                                                                          case.promised_at)
            if case.legal_at is not None:
                case.legal_provisional = self._calendar.is_provisional(case.accepted_at,
                                                                       case.legal_at)
        return case

    def find(self, text: str, actor: Actor, limit: int = FIND_LIMIT) -> list[CaseSummary]:
        """Cases matching what was typed or scanned (办件查询), newest first.

        * a case number → that case (a number with a wrong check character is refused);
        * an 18-character ID number or credit code → that applicant's cases;
        * otherwise the applicant's name, exactly or as a prefix.

        ``actor`` must be allowed ``case.view``.
        """
        query = (text or "").strip()
        with self._uow(read_only=True) as u:  # one transaction: the check, then the search
            self._perm.require(u.session, actor, "case.view")
            if not query:
                return []
            cols = repo.SUMMARY_COLUMNS
            if looks_like_case_no(query):
                problem = case_no_problem(query)
                if problem:
                    raise InvalidInput(f"{problem}，请核对办件编号。")
                stmt = select(*cols).where(CaseRow.case_no == clean(query))
            else:
                compact = clean(query)
                if len(compact) == _ID_PATTERN_LEN and compact.isalnum() and compact.isascii():
                    stmt = select(*cols).where(CaseRow.applicant_id_number == compact)
                else:
                    stmt = select(*cols).where(*_name_prefix(self._uow.engine.dialect.name,
                                                             query))
            stmt = stmt.order_by(CaseRow.decided_at.desc(), CaseRow.case_no.desc()).limit(limit)
            return repo.summaries(u.session.execute(stmt).all())

    def count(self) -> int:
        """How many cases the store holds (办件总数)."""
        with self._uow(read_only=True) as u:
            return u.session.scalar(select(func.count()).select_from(CaseRow))

    def history(self, case_no: str, actor: Actor) -> list[HistoryEntry]:
        """The steps of a case, oldest first (办理过程); ``actor`` must be allowed ``case.view``."""
        number = self._canonical_no(case_no)
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, "case.view", case_no=number)
            if u.session.get(CaseRow, number) is None:
                raise NotFound(f"未找到办件 {number}。")
            return repo.history(u.session, number)

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _canonical_no(case_no: str) -> str:
        if parse_case_no(case_no or "") is None:
            raise NotFound(f"未找到办件：{case_no_problem(case_no or '')}。")
        return clean(case_no)  # valid: exactly the 24 canonical characters

    def _prepare(self, s, intake: Intake | str, actor: Actor, action: str,
                 now: datetime) -> _Decision:
        """Check rights, load the draft, and clean answers and form (no writes)."""
        self._perm.require(s, actor, action, at=now)  # first: the session, the role, the account
        # the draft row is locked for the decision (draft_row: hall mode)
        if isinstance(intake, str):
            draft = repo.draft_row(s, intake, lock=True)
            intake = Intake.from_json(draft.json)
        else:
            draft = repo.draft_row(s, intake.id, lock=True, missing_ok=True)
        if draft is not None and draft.status != "open":
            if draft.status == "decided":
                raise InvalidInput(f"该受理草稿已办结（办件编号 {draft.case_no}），不能重复决定。")
            raise InvalidInput("该受理草稿已放弃，不能再作决定。")
        spec = IntakeSpec.for_target(self._catalog.version(intake.catalog_version),
                                     intake.kind, intake.key)
        profile = self._site.load(s)
        self._perm.require_offered(s, actor, action, profile, spec.items, at=now)
        answers = spec.answers_clean(intake.answers, intake.form)
        form = self._valid_form(spec, answers, intake.form, now)
        return _Decision(intake=intake, spec=spec, answers=answers, form=form, draft=draft,
                         profile=profile)

    @staticmethod
    def _valid_form(spec: IntakeSpec, answers: Mapping[str, str], form: Mapping[str, Any],
                    now: datetime) -> dict[str, Any]:
        """The values that count in this situation, normalised; invalid ones left out."""
        out = {}
        for key, value in spec.form_clean(answers, form).items():
            fdef = spec.field(key)
            value = normalise_value(fdef, value)
            if is_empty(value) or field_problem(fdef, value, form, today=now.date(),
                                                id_types=spec.catalog.id_types):
                continue
            out[key] = value
        return out

    @staticmethod
    def _missing(d: _Decision):
        """Applicable required or tolerable materials neither received nor exempt."""
        return [m for m, st in d.checklist
                if m.necessity is not Necessity.OPTIONAL and not st.status.provided]

    @staticmethod
    def _ledger(d: _Decision, *, accepted: bool) -> list[LedgerEntry]:
        """The materials ledger of the decision: every material that applies now."""
        out = []
        for m, st in d.checklist:
            status = st.status
            if status is MaterialStatus.MISSING and (accepted or m.necessity is Necessity.OPTIONAL):
                status = MaterialStatus.NOT_APPLICABLE  # an optional material not brought
            copies = 0
            if status is MaterialStatus.RECEIVED:
                copies = st.copies_received or m.copies
            done = "keep" if st.original_kept else "check" if st.original_checked else "none"
            original = max(m.original.value, done, key=("none", "check", "keep").index)
            licence = st.e_licence_number if status is MaterialStatus.E_LICENCE else None
            out.append(LedgerEntry(material=m.id, name=m.name, status=status.value,
                                   necessity=m.necessity.value, copies=copies, original=original,
                                   pages=tuple(st.pages), items=tuple(m.items),
                                   original_done=done if status is MaterialStatus.RECEIVED
                                   else "none", e_licence_number=licence or None))
        return out

    @staticmethod
    def _take_number(s, profile: SiteProfile, now: datetime, series: str) -> str:
        prefix = serial_prefix(profile.region_code, profile.site_code, profile.counter_code,
                               now, series)
        serial = next_serial(s, prefix)
        return format_case_no(profile.region_code, profile.site_code, profile.counter_code,
                              now, series, serial)

    @staticmethod
    def _case(d: _Decision, case_no: str, action: CaseAction, actor: Actor, now: datetime, *,
              materials: list[LedgerEntry], note: str, **extra) -> Case:
        """The decided case: the state is what the machine gives ``action`` on a draft."""
        return Case(case_no=case_no, state=transition(CaseState.DRAFT, action),
                    kind=d.spec.kind, key=d.spec.key, name=d.spec.name,
                    items=[(i.code, i.name) for i in d.spec.items],
                    catalog_version=d.intake.catalog_version, applicant=d.applicant,
                    contact=d.contact, form=d.form, answers=d.answers, materials=materials,
                    decided_at=now, decided_by=actor,
                    history=[HistoryEntry(now, action.value, actor, note)], updated_at=now,
                    **extra)

    def _write_decision(self, s, d: _Decision, case: Case, actor: Actor, now: datetime,
                        action: str, payload: dict, event_type: str, *,
                        pw_hash: str | None = None, detail: dict | None = None,
                        document: str | None = None) -> str | None:
        """Write a decided case, its draft's end, the audit entry, the decision's document
        (``document``: its kind; archived when a renderer is wired) and the outbox event —
        whose ``notice_blob``, if the payload has one, becomes the archived PDF's sha256.

        Returns:
            The sha256 of the archived document, or None.
        """
        repo.insert_case(s, case, draft_id=d.intake.id, query_password_hash=pw_hash)
        repo.upsert_draft(s, d.intake, now=now, status="decided", case_no=case.case_no)
        audit.append(s, at=now, actor=actor, action=action, case_no=case.case_no,
                     detail={"kind": case.kind, "key": case.key,
                             "catalog_version": case.catalog_version, **(detail or {})})
        blob = None
        if document is not None:
            blob = self._archive(s, case, document, actor, now, d.profile, d.spec.catalog)
        if blob is not None and "notice_blob" in payload:
            payload = {**payload, "notice_blob": blob}
        outbox.append_event(s, case.case_no, event_type, actor, payload, now)
        return blob

    def _archive(self, s, case: Case, kind: str, actor: Actor, now: datetime,
                 profile: SiteProfile, catalog) -> str | None:
        """Render the ``kind`` document of ``case`` and archive it in the caller's
        transaction (after the case row was written); its sha256, or None without a
        renderer. A rendering failure fails the decision: nothing is written."""
        if self._renderer is None or self._documents is None:
            return None
        training = s.get(SettingRow, TRAINING_KEY)
        rendered = self._renderer.render(kind, case, profile, catalog,
                                         training=training is not None
                                         and training.value == "true")
        issued = self._documents.record_in(s, case_no=case.case_no, kind=kind,
                                           rendered=rendered, actor=actor, at=now)
        return issued.sha256

    @staticmethod
    def _agent(picked_up_by: Mapping[str, str], now: datetime) -> tuple[str, str, str]:
        """The agent who collects the result (代领人), validated."""
        from counter.ids import document_number_problem, normalise_id_number

        name = str(picked_up_by.get("name") or "").strip()
        id_type = str(picked_up_by.get("id_type") or RESIDENT_ID_TYPE).strip()
        number = normalise_id_number(str(picked_up_by.get("id_number") or ""))
        if not name:
            raise InvalidInput("请填写代领人姓名。")
        if id_type not in ID_TYPES or id_type == USCC_ID_TYPE:
            raise InvalidInput("代领人证件类型不正确。")
        if not number:
            raise InvalidInput("请填写代领人证件号码。")
        problem = document_number_problem(id_type, number, today=now.date())
        if problem:
            raise InvalidInput(f"代领人证件号码有误：{problem}")
        return name, id_type, number


def _contact(form: Mapping[str, Any], applicant: Applicant) -> dict[str, str]:
    """The contact person and mobile (联系人): the agent when there is one, else the
    applicant (for an organisation: the person handling it)."""
    name = (form.get("contact.name") or form.get("agent.name") or form.get("applicant.name")
            or applicant.name)
    mobile = (form.get("contact.mobile") or form.get("agent.mobile")
              or form.get("applicant.mobile") or "")
    return {"name": str(name), "mobile": str(mobile)}


def _name_prefix(dialect: str, name: str) -> list:
    """Conditions for "applicant name starts with ``name``".

    ``LIKE 'name%'`` is correct on every database; on SQLite a range on the binary index
    (``>= name`` and ``< name + U+10FFFF``) is added so that the index is used. On PostgreSQL
    the name index carries ``text_pattern_ops`` (see the migration), which serves ``LIKE``.
    """
    conds = [CaseRow.applicant_name.startswith(name, autoescape=True)]
    if dialect == "sqlite":
        conds += [CaseRow.applicant_name >= name, CaseRow.applicant_name < name + "\U0010ffff"]
    return conds


def _type_names(types) -> str:
    """``行政确认、公共服务`` for item type codes (each once)."""
    return "、".join(dict.fromkeys(ITEM_TYPES.get(t, t) for t in types))
