"""Administration screens (系统管理): users, site profile and settings, capture devices (采集设备),
audit verification.

Each page is a :class:`ui.screen.Screen` the main window adds like any other. Every change
goes through a service that checks the administrator's permission and audits it; the pages
only hide what the current user could not do anyway.

The pages take ``actor: Callable[[], Actor]`` — who is acting now. :func:`acting_as` builds it
from the session guard: the logged-in user in the page's role if they hold it, otherwise in
their own role (so that the service refuses, and records the attempt).
"""

from __future__ import annotations

from typing import Callable

from counter.auth import SessionGuard
from counter.identity import Actor


def acting_as(guard: SessionGuard, role: str) -> Callable[[], Actor]:
    """The current user acting in ``role`` when they hold it (else in their primary role)."""
    def actor() -> Actor:
        session = guard.current
        if session is None:
            return guard.actor()  # raises: nobody is logged in
        if role in session.user.roles:
            return session.actor_as(role)
        return session.actor
    return actor
