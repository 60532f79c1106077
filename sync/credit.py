"""The credit lookup through the provincial platform (平台信用核查), for 容缺受理.

:class:`PlatformCreditChecker` implements :class:`counter.credit.CreditChecker` with
``GET /credit?subject_id=…`` (``contracts/platform-api.md``). The lookup is optional for the
platform and the counter must keep working without it, so *every* failure — no platform
configured, no client secret, no network, a timeout, an error answer, an answer it cannot read
— gives :meth:`counter.credit.CreditResult.unchecked` with a Chinese note; the supervisor then
sees "未能核查信用（离线）" on the request. Nothing here logs the subject's number (the platform
client also cuts query strings from httpx's log lines).

The checker makes a short-lived client per lookup (lookups are rare: one per tolerance
request) with a short timeout, so that a clerk waits seconds at most. The composition root
builds it (``bootstrap.build``: ``ctx.credit``, the tolerance service's checker) with the
context's platform connector and secret store::

    checker = PlatformCreditChecker.from_context(ctx)     # ctx.platform, ctx.secrets
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Callable

from counter.credit import CreditResult, CreditStatus
from counter.logsafe import platform_text

if TYPE_CHECKING:  # httpx loads on the first lookup, not with the main window (docs/benchmarks.md)
    from sync.client import PlatformClient

log = logging.getLogger(__name__)

__all__ = ["PlatformCreditChecker", "LOOKUP_TIMEOUT"]

#: Seconds a lookup may take before the request goes on as "could not check".
LOOKUP_TIMEOUT = 5.0

ClientFactory = Callable[[], "PlatformClient | None"]


class PlatformCreditChecker:
    """``GET /credit`` through a :class:`sync.client.PlatformClient` (失信核查).

    Args:
        client_factory: returns a fresh client (closed after the lookup), or None when no
            platform is configured; it may raise (e.g. no secret), which counts as unchecked.
    """

    def __init__(self, client_factory: ClientFactory) -> None:
        self._factory = client_factory

    @classmethod
    def from_context(cls, ctx, *, timeout: float = LOOKUP_TIMEOUT) -> "PlatformCreditChecker":
        """A checker using the platform address of the sync configuration and this counter's
        client secret (``ctx.secrets``: keyring or ``COUNTER_CLIENT_SECRET``), read at each
        lookup; the client is opened by ``ctx.platform``."""

        def factory() -> PlatformClient | None:
            secrets = ctx.secrets
            config = ctx.sync.config()
            if not config.platform_url:
                return None
            client_id = ctx.site.get().client_id
            try:
                secrets.get_client_secret(client_id)
            except secrets.SecretUnavailable as e:
                raise _NoSecret(e.message) from None
            return ctx.platform.client(config.platform_url, client_id, timeout=timeout,
                                       ca_file=config.ca_file, max_connections=1)

        return cls(factory)

    def check(self, id_type: str, subject_id: str) -> CreditResult:  # noqa: ARG002
        """The platform's answer for ``subject_id``; never raises."""
        from sync.client import AuthFailed, PlatformError

        try:
            client = self._factory()
        except _NoSecret as e:
            return CreditResult.unchecked(e.message)
        except Exception as e:  # noqa: BLE001 - configuration trouble must not stop the counter
            log.warning("credit lookup not possible (%s)", type(e).__name__)
            return CreditResult.unchecked("平台连接未配置好")
        if client is None:
            return CreditResult.unchecked("未配置省级平台地址")
        try:
            data = client.credit(subject_id)
        except AuthFailed:
            log.warning("credit lookup: the platform refused this counter's credentials")
            return CreditResult.unchecked("平台拒绝了本窗口的凭据")
        except PlatformError as e:
            log.info("credit lookup failed: %s (status %s)", platform_text(e.code or "error"),
                     e.status)
            return CreditResult.unchecked(e.message)
        except Exception as e:  # noqa: BLE001 - anything else: go on, unchecked
            log.warning("credit lookup failed unexpectedly (%s)", type(e).__name__)
            return CreditResult.unchecked("平台信用核查出错")
        finally:
            client.close()
        dishonest = data.get("dishonest")
        if not isinstance(dishonest, bool):
            return CreditResult.unchecked("平台返回的信用信息无法识别")
        checked_at = _moment(data.get("checked_at"))
        return CreditResult(CreditStatus.DISHONEST if dishonest else CreditStatus.CLEAR,
                            checked_at)


class _NoSecret(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _moment(text) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
