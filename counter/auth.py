"""Who is logged in at this counter, and whether the screen is locked (登录会话与锁屏).

The desktop client has one login session at a time. :class:`SessionGuard` holds it; the
services consult the guard on every permission check (:mod:`counter.permissions`), so a call
made while the screen is locked — or by an actor that is not the logged-in user — is refused
at the service layer, not only by a covered window.

* :meth:`counter.services.users.UserService.login` verifies the password and starts the
  session (:meth:`SessionGuard.begin`); logging in as someone else replaces it (切换用户).
* The idle lock calls ``UserService.lock``; only ``UserService.unlock`` with the same user's
  password lifts it.
* A supervisor approving at the same counter enters their own credentials
  (``UserService.confirm``); the actor it returns is *vouched* for a few minutes, so that
  the approval made in the clerk's session is accepted as the supervisor's.

A guard that does not enforce (the default) accepts every actor: command-line tools and
tests act without a login. The GUI turns enforcement on before anything else.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from counter.errors import CounterError
from counter.identity import ROLES, Actor
from counter.users import User

#: Actions a session with a temporary password may still perform.
MUST_CHANGE_EXEMPT = frozenset({"user.change_own_password"})


@dataclass(frozen=True)
class LoginSession:
    """A user logged in at this counter (登录会话).

    Attributes:
        user: the account (roles as they were at login).
        actor: who the services record: the user in their primary role at this counter.
        started_at: when the login succeeded.
        id: a random id (the audit log names it, so that a session's entries can be found).
    """

    user: User
    actor: Actor
    started_at: datetime
    id: str = field(default_factory=lambda: uuid.uuid4().hex)  # noqa: A003

    @property
    def user_id(self) -> str:
        return self.user.user_id

    def actor_as(self, role: str) -> Actor:
        """The same user acting in another of their roles (e.g. a supervisor who is also an
        administrator opening the admin pages)."""
        if role not in self.user.roles:
            raise CounterError(f"当前用户没有「{ROLES.get(role, role)}」角色。")
        return Actor(user_id=self.actor.user_id, role=role, site=self.actor.site,
                     counter=self.actor.counter)


class SessionGuard:
    """The login session of this process and its lock state (会话守卫); thread-safe.

    Args:
        enforce: when False every actor passes (CLI, tests); the GUI enforces.
    """

    def __init__(self, *, enforce: bool = False) -> None:
        self._lock = threading.Lock()
        self._enforce = enforce
        self._session: LoginSession | None = None
        self._locked = False
        self._must_change = False
        self._vouched: dict[tuple[str, str], datetime] = {}

    # -- state -----------------------------------------------------------------------------

    @property
    def enforcing(self) -> bool:
        return self._enforce

    def enforce(self, on: bool = True) -> None:
        """Require a logged-in, unlocked session for every service call from now on."""
        with self._lock:
            self._enforce = on

    @property
    def current(self) -> LoginSession | None:
        """The logged-in session, if any (locked or not)."""
        return self._session

    @property
    def locked(self) -> bool:
        return self._locked

    def actor(self) -> Actor:
        """The logged-in user's actor, for the UI to pass to the services.

        Raises:
            CounterError: nobody is logged in.
        """
        session = self._session
        if session is None:
            raise CounterError("尚未登录，请先登录。")
        return session.actor

    # -- transitions (called by UserService) ------------------------------------------------

    def begin(self, session: LoginSession, *, must_change: bool = False) -> None:
        """``session`` becomes the current one, unlocked (a previous one ends)."""
        with self._lock:
            self._session, self._locked, self._must_change = session, False, must_change
            self._vouched.clear()

    def end(self) -> None:
        """Log out: no session until the next login."""
        with self._lock:
            self._session, self._locked, self._must_change = None, False, False
            self._vouched.clear()

    def lock(self) -> None:
        """Lock the current session (idle lock or 锁屏)."""
        with self._lock:
            if self._session is not None:
                self._locked = True
            self._vouched.clear()

    def unlock(self) -> None:
        """Lift the lock (only after the user's password was verified)."""
        with self._lock:
            self._locked = False

    def password_changed(self) -> None:
        """The temporary password was replaced: the session may do everything again."""
        with self._lock:
            self._must_change = False

    def vouch(self, actor: Actor, until: datetime) -> None:
        """Accept ``actor`` (another user who just entered their credentials here) until
        ``until``."""
        with self._lock:
            self._vouched[(actor.user_id, actor.role)] = until

    # -- the check -------------------------------------------------------------------------

    def problem(self, actor: Actor, action: str, now: datetime) -> str | None:
        """Why ``actor`` may not act now, as a Chinese sentence, or None.

        Refused: no login; the screen is locked; the session still has to replace its
        temporary password; the actor is neither the logged-in user in one of their roles nor
        a vouched user.
        """
        with self._lock:
            if not self._enforce:
                return None
            session = self._session
            if session is None:
                return "尚未登录，请先登录。"
            if self._locked:
                return "屏幕已锁定，请输入密码解锁后再操作。"
            if actor.user_id == session.user_id:
                if actor.role not in session.user.roles:
                    return f"当前用户没有「{ROLES.get(actor.role, actor.role)}」角色。"
                if self._must_change and action not in MUST_CHANGE_EXEMPT:
                    return "请先修改临时密码，再进行其他操作。"
                return None
            until = self._vouched.get((actor.user_id, actor.role))
            if until is not None and now < until:
                return None
            return "操作人员与当前登录用户不符，请重新登录。"
