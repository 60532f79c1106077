"""The provincial platform's address, checked (平台地址校验), contract 1.1.

A platform address is ``https://host[:port][/path]``. Plain ``http://`` is allowed only for a
loopback host (``localhost``, ``127.0.0.0/8``, ``::1``: the simulator on this machine), so
that nothing the counter reports — names, ID numbers, scanned pages — crosses a network in
clear text, and no proxy can answer in the platform's name without a certificate. An address
with credentials (``user:pass@``), a query or a fragment is refused: it would end up in
settings, logs and the audit trail.

Used when an administrator saves the address (:meth:`counter.services.sync.SyncService.set_config`)
and again by every platform client (``sync.client.PlatformClient``), so that an address
stored before this rule, or given on the command line, is checked too.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from counter.errors import InvalidInput

__all__ = ["check_platform_url", "is_loopback_host"]


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` names this machine only (``localhost``, 127.x.x.x, ``::1``)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_platform_url(url: str) -> str:
    """``url`` normalised (trimmed, no trailing ``/``), or :class:`InvalidInput` in Chinese."""
    text = (url or "").strip().rstrip("/")
    bad = InvalidInput("平台地址应为 https:// 开头的完整地址，如 https://zwfw.example.gov.cn/counter"
                       "（仅本机模拟平台可用 http://127.0.0.1）。")
    if not text or any(c.isspace() or ord(c) < 0x20 for c in text):
        raise bad
    try:
        parts = urlsplit(text)
        host, _port = parts.hostname, parts.port
    except ValueError:
        raise bad from None
    if parts.scheme not in ("https", "http") or not host:
        raise bad
    if parts.username is not None or parts.password is not None or parts.query or parts.fragment:
        raise InvalidInput("平台地址中不能含用户名、密码、查询参数或片段（客户端密钥另行保存在系统密钥环中）。")
    if parts.scheme == "http" and not is_loopback_host(host):
        raise InvalidInput("平台地址必须使用 https://：明文 http:// 只允许本机（127.0.0.1、localhost）上的模拟平台。")
    return text
