"""Audit-trail verification (审计日志校验) and seals (封存): recompute the hash chain, check the
seals, name the first broken entry or seal.

See :mod:`counter.audit` for the chain format and :mod:`counter.seal` for the seals.
:meth:`AuditService.verify` is what ``python main.py audit verify`` runs (whoever holds the
store's files may run it); :meth:`AuditService.verify_as` is the same for a logged-in supervisor
or administrator and records that the check was made. :meth:`AuditService.seal` seals the chain
(``python main.py audit seal``, the main window at start, every few minutes and at exit).

**Seals and their own audit entries.** A seal is a service call like any other: permission
``audit.seal`` first, then an ``audit.seal`` entry and the seal row in one transaction. (The key
is read from the keyring between a read-only check and that transaction, so that the store's
write lock never waits for a keyring asking to be unlocked; the permission is checked again in
the transaction.) The seal covers
the chain *up to and including its own entry* (it is made from that entry's seq and hash), so
the act of sealing is itself under the seal. A seal when nothing but seals happened since this
counter's last seal does nothing (no entry, no row): an idle counter, or several counters of a
hall sealing on their timers, produce no endless stream of ``audit.seal`` entries.

**The key id** (which of the keyring's keys seals and verifies this store) is recorded in the
keyring at the store's first seal on this machine (``audit-seal-id:<store>``, see
:mod:`sync.seal_keys`) and read from there ever after — never from the store, whose site profile
and catalog whoever rewrites the chain can rewrite too.

**Cost.** Appending an audit entry never touches the keyring: only :meth:`seal` and
:meth:`verify` do.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import func, insert, select

from counter import audit
from counter.clock import Clock
from counter.errors import CounterError
from counter.identity import Actor
from counter.permissions import Permissions
from counter.seal import Seal, SealKeys, SealKeysUnavailable
from counter.store.models import AuditRow, AuditSealRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

#: The audit action of a seal (exempt from "something new happened since the last seal").
SEAL_ACTION = "audit.seal"
#: Why no seal can be made when no keyring was wired (tests, tools without one).
NO_KEYS = "本程序未接入系统密钥环，无法封存审计日志。"
_CHUNK = 500
#: At most this many key ids of the store's seal rows are asked about (see _candidates).
_MAX_CANDIDATES = 64


@dataclass(frozen=True)
class SealReport:
    """What the seals said.

    Attributes:
        key_id: this counter (``<region>-<site>-<counter>``).
        checked: seals of this counter checked (MAC and chain).
        others: seals of other counters (hall mode): not checkable here.
        latest: this counter's newest seal that holds (None: none).
        problem: the first broken seal (Chinese); None when every checked seal holds.
        unavailable: why the seals could not be checked at all (keyring), else None.
        notice: something to know that is no failure (Chinese), else None.
    """

    key_id: str
    checked: int = 0
    others: int = 0
    latest: Seal | None = None
    problem: str | None = None
    unavailable: str | None = None
    notice: str | None = None

    def lines(self) -> list[str]:
        out = []
        if self.problem:
            out.append(f"封存校验失败：{self.problem}")
        elif self.unavailable:
            out.append(f"未能校验封存：{self.unavailable}审计链已照常校验。")
        elif self.latest is not None:
            out.append(f"封存校验通过：本窗口（{self.key_id}）封存 {self.checked} 个，"
                       f"最近一次{self.latest.label()}")
        else:
            out.append(f"本窗口（{self.key_id}）尚无审计日志封存")
        if self.notice:
            out.append(self.notice)
        if self.others:
            out.append(f"由其他窗口封存，本机无法校验：{self.others} 个")
        return out


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification.

    Attributes:
        entries: how many entries the log holds.
        broken: the seq of the first entry changed, deleted or out of place; None when the
            whole chain holds.
        seals: what the seals said (None: not looked at).
    """

    entries: int
    broken: int | None
    seals: SealReport | None = None

    @property
    def intact(self) -> bool:
        """True when the chain holds and no seal this counter can check is broken."""
        return self.broken is None and (self.seals is None or self.seals.problem is None)

    @property
    def chain_message(self) -> str:
        """``审计链完整，共 N 条`` or ``第 N 条记录被篡改或缺失``."""
        if self.broken is None:
            return f"审计链完整，共 {self.entries} 条"
        return f"第 {self.broken} 条记录被篡改或缺失"

    def lines(self) -> list[str]:
        """The chain's line, then the seals' lines."""
        return [self.chain_message] + (self.seals.lines() if self.seals is not None else [])

    @property
    def message(self) -> str:
        """:meth:`lines`, one a line."""
        return "\n".join(self.lines())


@dataclass(frozen=True)
class SealOutcome:
    """What :meth:`AuditService.seal` did.

    Attributes:
        seal: the new seal, or (``sealed`` false) this counter's last one.
        sealed: False when nothing but seals happened since this counter's last seal.
        keyring_problem: the seal is in the store but the keyring could not remember it as the
            latest (Chinese), else None.
    """

    seal: Seal
    sealed: bool
    keyring_problem: str | None = None

    @property
    def message(self) -> str:
        if not self.sealed:
            return f"自上次封存以来没有新的审计记录，未重复封存（{self.seal.label()}）。"
        text = f"已封存审计日志：{self.seal.label()}，窗口 {self.seal.key_id}。"
        if self.keyring_problem:
            text += f"但未能记入系统密钥环：{self.keyring_problem}"
        return text


def _to_seal(row: AuditSealRow) -> Seal:
    return Seal(seq=row.seq, hash=row.hash, sealed_at=row.sealed_at, key_id=row.key_id,
                mac=row.mac, id=row.id)


class AuditService:
    """Verification and seals of the audit chain.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        permissions: the permission checks (for :meth:`verify_as` and :meth:`seal`).
        site: the site service: proposes the key id of a store this machine has never sealed
            (the keyring decides afterwards); None: the default profile.
        keys: where the seal key and the latest seal are kept (the OS keyring, wired by the
            composition roots: ``sync.seal_keys.KeyringSealKeys``); None (tests, tools that
            do not wire it): :meth:`seal` refuses and :meth:`verify` checks the chain only
            (``ChainReport.seals`` is None).
    """

    def __init__(self, uow: UowFactory, clock: Clock, permissions: Permissions, *,
                 site=None, keys: SealKeys | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._perm = permissions
        self.site = site
        self.keys = keys

    # -- identity --------------------------------------------------------------------------

    def _profile_key_id(self, session) -> str:
        """The key id the site profile names (``<region>-<site>-<counter>``): only a proposal
        for a store this machine has never sealed — the store can be rewritten, so it never
        decides which key verifies (see :meth:`_identity`)."""
        if self.site is None:
            from counter.identity import SiteProfile

            return SiteProfile(region_code="000000").client_id
        return self.site.load(session).client_id

    def _candidates(self, session) -> tuple[list[str], CounterError | None]:
        """Key ids worth asking the keyring about when it has not recorded one for this store:
        the profile's (first), then those of the store's seal rows (a store sealed by an older
        version). The profile's error (no catalog, no site) when it names none."""
        out: list[str] = []
        problem = None
        try:
            out.append(self._profile_key_id(session))
        except CounterError as e:
            problem = e
        for kid in session.scalars(select(AuditSealRow.key_id).distinct()
                                   .order_by(AuditSealRow.key_id).limit(_MAX_CANDIDATES)):
            if kid not in out:
                out.append(kid)
        return out, problem

    def _identity(self, candidates: list[str], problem: CounterError | None
                  ) -> tuple[str, bool]:
        """(the key id of this store on this machine, whether the keyring recorded it).

        The keyring's ``audit-seal-id:<store>`` decides. Without it (never sealed here, or
        sealed before the key id was recorded): the first candidate whose latest seal in this
        store the keyring keeps, else the first of the store's seal key ids whose key the
        keyring holds, else the profile's. Keyring reads only; raises SealKeysUnavailable.
        """
        store = self.store_id()
        recorded = self.keys.identity(store)
        if recorded:
            return recorded, True
        for kid in candidates:
            if self.keys.latest(kid, store):
                return kid, False
        for kid in candidates[1:]:
            if self.keys.key(kid) is not None:
                return kid, False
        if problem is not None or not candidates:
            raise problem or CounterError("尚未设置站点信息。")
        return candidates[0], False

    def store_id(self) -> str:
        """Where this store is (a digest of the database address, password left out): the
        keyring keeps the latest seal per store, so that a training store on the same PC does
        not look like a deleted seal. Derived from how the store is opened, not from its
        content, so that rewriting the store cannot change it."""
        url = self._uow.engine.url.render_as_string(hide_password=True)
        return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]

    # -- seal ------------------------------------------------------------------------------

    def seal(self, actor: Actor, *, reason: str = "manual") -> SealOutcome:
        """Seal the chain as it is now (see the module docstring).

        Args:
            actor: who seals (any logged-in user; the command line as ``cli``).
            reason: why now: ``manual``, ``start``, ``timer``, ``daily``, ``exit`` (recorded).

        Raises:
            PermissionDenied: the actor may not (audited).
            SealKeysUnavailable: no usable keyring; nothing was written.
        """
        now = self._clock.now()
        # 1. the check, and which key ids the keyring may know (read only)
        with self._uow(read_only=True) as u:
            self._perm.require(u.session, actor, SEAL_ACTION, at=now)
            if self.keys is None:
                raise SealKeysUnavailable(NO_KEYS)
            candidates, problem = self._candidates(u.session)
        # 2. the key id and the key, outside any transaction: a keyring may ask to be unlocked,
        #    and the store's write lock must not wait for that (SealKeysUnavailable: nothing
        #    written)
        key_id, recorded = self._identity(candidates, problem)
        with self._uow(read_only=True) as u:  # anything to seal?
            unchanged = self._unchanged_since_last(u.session, key_id)
        if unchanged is not None:
            return SealOutcome(unchanged, sealed=False)
        key = self.keys.key(key_id, create=True)
        if not recorded:  # the first seal of this store here: the key id is fixed from now on
            self.keys.set_identity(self.store_id(), key_id)
            log.info("audit seal key id of this store recorded in the keyring: %s", key_id)
        # 3. the entry and the seal: one transaction
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, SEAL_ACTION, at=now)
            unchanged = self._unchanged_since_last(s, key_id)
            if unchanged is not None:  # another process of this counter sealed meanwhile
                return SealOutcome(unchanged, sealed=False)
            entry = audit.append(s, at=now, actor=actor, action=SEAL_ACTION,
                                 detail={"key_id": key_id, "reason": str(reason)[:16]})
            seal = Seal.make(key, seq=entry.seq, hash=entry.hash, sealed_at=now, key_id=key_id)
            new_id = s.execute(insert(AuditSealRow).values(
                key_id=key_id, seq=seal.seq, hash=seal.hash, sealed_at=now, mac=seal.mac)
            ).inserted_primary_key[0]
            u.commit()
        del key
        seal = Seal(seq=seal.seq, hash=seal.hash, sealed_at=seal.sealed_at, key_id=key_id,
                    mac=seal.mac, id=new_id)
        problem = None
        try:
            self.keys.set_latest(key_id, self.store_id(), seal.to_text())
        except SealKeysUnavailable as e:
            problem = e.message
            log.warning("audit seal %d stored, but not remembered in the keyring", new_id)
        log.info("audit chain sealed up to entry %d (seal %d, %s, %s)", seal.seq, new_id,
                 key_id, reason)
        return SealOutcome(seal, sealed=True, keyring_problem=problem)

    @staticmethod
    def _unchanged_since_last(s, key_id: str) -> Seal | None:
        """This counter's last seal when nothing but seals was appended since it, else None."""
        last = s.scalars(select(AuditSealRow).where(AuditSealRow.key_id == key_id)
                         .order_by(AuditSealRow.id.desc()).limit(1)).first()
        if last is None or s.scalar(select(func.count()).select_from(AuditRow).where(
                AuditRow.seq > last.seq, AuditRow.action != SEAL_ACTION)):
            return None
        return _to_seal(last)

    # -- verify ----------------------------------------------------------------------------

    def verify(self) -> ChainReport:
        """Recompute the whole chain and check the seals (read only)."""
        ring = self._read_keyring() if self.keys is not None else None
        with self._uow(read_only=True) as u:
            s = u.session
            broken = audit.verify(s)
            entries = s.scalar(select(func.count()).select_from(AuditRow))
            seals = self._check_seals(s, *ring) if ring is not None else None
        report = ChainReport(entries=entries, broken=broken, seals=seals)
        if broken is not None:
            log.warning("audit chain broken at entry %d", broken)
        if seals is not None and seals.problem is not None:
            log.warning("audit seal check failed: %s", seals.problem)
        return report

    def _read_keyring(self) -> tuple[str, bytes | None, str | None, str | None]:
        """(key id, key, latest seal text, why the keyring cannot be used) — read *before* the
        store is, so that a seal committed meanwhile (it reaches the keyring after its commit)
        is never in the keyring but missing from what the check reads."""
        with self._uow(read_only=True) as u:
            candidates, problem = self._candidates(u.session)
        key_id = candidates[0] if problem is None and candidates else ""
        try:
            key_id, _recorded = self._identity(candidates, problem)
            return key_id, self.keys.key(key_id), self.keys.latest(key_id, self.store_id()), None
        except SealKeysUnavailable as e:
            return key_id, None, None, e.message
        except CounterError as e:  # never sealed here, no site profile, no catalog
            return "", None, None, f"无法确定本窗口的封存密钥（{e.message.rstrip('。')}）。"

    def _check_seals(self, s, key_id: str, key: bytes | None, latest_text: str | None,
                     unavailable: str | None) -> SealReport:
        rows = [_to_seal(r) for r in s.scalars(select(AuditSealRow).order_by(AuditSealRow.id))]
        mine = [r for r in rows if r.key_id == key_id]
        others = len(rows) - len(mine)
        if unavailable is not None:
            return SealReport(key_id, others=others, unavailable=unavailable)
        try:
            anchored = Seal.from_text(latest_text) if latest_text else None
        except ValueError:
            return SealReport(key_id, others=others,
                              problem="系统密钥环中记录的最近一次封存无法读取（已损坏）。")
        if key is None:
            if mine or anchored is not None:
                n = len(mine)
                return SealReport(key_id, others=others, problem=(
                    f"系统密钥环中没有本窗口（{key_id}）的封存密钥，{n} 个封存无法校验"
                    "（密钥环被清除或换了电脑）。"))
            return SealReport(key_id, others=others)
        hashes = _hashes(s, {r.seq for r in mine} | ({anchored.seq} if anchored else set()))
        problem = None
        good: list[Seal] = []
        for seal in mine:
            if not seal.holds(key):
                problem = f"{seal.label()}签名无效：封存记录被伪造或改动。"
                break
            if hashes.get(seal.seq) != seal.hash:
                problem = (f"{seal.label()}与审计链不符：第 {seal.seq} 条及之前的记录被改写或删除"
                           "（整条链被重新计算也会如此）。")
                break
            good.append(seal)
        notice = None
        if problem is None and anchored is not None:
            if anchored.key_id != key_id or not anchored.holds(key):
                problem = "系统密钥环中记录的最近一次封存签名无效。"
            elif not any(anchored.same(r) for r in mine):
                problem = (f"系统密钥环记录的最近一次{anchored.label()}在数据库中不存在："
                           "封存记录被删除或改动。")
            # when it is there, the loop above checked it against the chain
        elif problem is None and mine:
            notice = ("系统密钥环中没有此数据库的最近封存记录（数据目录移动过或在另一台电脑上校验），"
                      "无法发现被删除的封存。")
        del key
        return SealReport(key_id, checked=len(mine) if problem is None else len(good),
                          others=others, latest=good[-1] if good and problem is None else None,
                          problem=problem, notice=notice)

    def verify_as(self, actor: Actor) -> ChainReport:
        """:meth:`verify` for a logged-in user (supervisor or administrator); the check and
        its outcome are appended to the log (after the entries it checked)."""
        now = self._clock.now()
        with self._uow() as u:
            self._perm.require(u.session, actor, "audit.verify", at=now)
        report = self.verify()
        seals = report.seals
        with self._uow() as u:
            audit.append(u.session, at=now, actor=actor, action="audit.verify",
                         detail={"entries": report.entries, "broken": report.broken,
                                 "seals_checked": seals.checked if seals else 0,
                                 "seal_ok": bool(seals and seals.problem is None
                                                 and seals.unavailable is None)})
            u.commit()
        return report


def _hashes(s, seqs: Iterable[int]) -> dict[int, str]:
    """seq → hash of those entries of the chain that exist."""
    seqs = sorted(seqs)
    out: dict[int, str] = {}
    for i in range(0, len(seqs), _CHUNK):
        part = seqs[i:i + _CHUNK]
        for seq, digest in s.execute(select(AuditRow.seq, AuditRow.hash)
                                     .where(AuditRow.seq.in_(part))):
            out[seq] = digest
    return out


__all__ = ["AuditService", "ChainReport", "SealReport", "SealOutcome", "SEAL_ACTION"]
