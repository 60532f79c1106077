"""Site profile and counter settings, as the administrator changes them (站点与系统设置).

:class:`counter.identity.SiteService` reads the profile for everyone (and writes it for
command-line tools); changes made in the admin pages go through :class:`SettingsService`, which
checks the administrator's permission and writes an audit entry in the same transaction.
"""

from __future__ import annotations

import json
import logging

from sqlalchemy.orm import Session

from counter import audit
from counter.clock import Clock
from counter.errors import InvalidInput
from counter.identity import SITE_KEY, Actor, SiteProfile, SiteService
from counter.permissions import Permissions
from counter.store.models import SettingRow
from counter.store.uow import UowFactory

log = logging.getLogger(__name__)

#: The idle time after which the screen locks (setting key, default and bounds in minutes).
IDLE_KEY = "idle_lock_minutes"
IDLE_DEFAULT = 10
IDLE_MIN, IDLE_MAX = 1, 60


class SettingsService:
    """Administrator changes to the site profile and the counter settings.

    Args:
        uow: the unit-of-work factory.
        clock: the source of "now".
        site: the site service (reads the profile).
        permissions: the permission checks.
    """

    def __init__(self, uow: UowFactory, clock: Clock, site: SiteService,
                 permissions: Permissions) -> None:
        self._uow = uow
        self._clock = clock
        self._site = site
        self._perm = permissions

    def profile(self) -> SiteProfile:
        """The site profile in use (saved or default)."""
        return self._site.get()

    def save_profile(self, actor: Actor, profile: SiteProfile) -> SiteProfile:
        """Save the site profile (administrators); refused with every problem listed."""
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "site.update", at=now)
            problems = profile.problems()
            if problems:
                raise InvalidInput("站点信息有误，未保存。", problems=problems)
            _put(s, SITE_KEY, json.dumps(profile.to_json(), ensure_ascii=False))
            audit.append(s, at=now, actor=actor, action="site.update",
                         detail={"client_id": profile.client_id, "kind": profile.kind})
            u.commit()
        log.info("site profile saved by %s: %s kind=%s", actor.user_id, profile.client_id,
                 profile.kind)
        return profile

    def idle_minutes(self) -> int:
        """Minutes without input before the screen locks (default 10)."""
        with self._uow(read_only=True) as u:
            row = u.session.get(SettingRow, IDLE_KEY)
            text = None if row is None else row.value
        try:
            value = int(text) if text is not None else IDLE_DEFAULT
        except ValueError:
            log.warning("setting %s is not a number; using %d", IDLE_KEY, IDLE_DEFAULT)
            return IDLE_DEFAULT
        return min(max(value, IDLE_MIN), IDLE_MAX)

    def set_idle_minutes(self, actor: Actor, minutes: int) -> int:
        """Change the idle-lock time (administrators), 1 to 60 minutes."""
        now = self._clock.now()
        with self._uow() as u:
            s = u.session
            self._perm.require(s, actor, "settings.update", at=now)
            if not isinstance(minutes, int) or not IDLE_MIN <= minutes <= IDLE_MAX:
                raise InvalidInput(f"空闲锁屏时间应为 {IDLE_MIN} 至 {IDLE_MAX} 分钟。")
            _put(s, IDLE_KEY, str(minutes))
            audit.append(s, at=now, actor=actor, action="settings.update",
                         detail={IDLE_KEY: minutes})
            u.commit()
        log.info("idle lock set to %d minutes by %s", minutes, actor.user_id)
        return minutes


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=value))
    else:
        row.value = value
