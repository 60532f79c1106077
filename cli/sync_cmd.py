"""``sync`` and ``sync-config``: sync with the provincial platform from the command line.

    python main.py sync --once [--platform-url URL]     drain, pull, print a summary
    python main.py sync                                  run until Ctrl+C / SIGTERM
    python main.py sync status | refused | resend EVENT_ID
    python main.py sync reconcile --date 2026-11-20      daily reconciliation (日结)
    python main.py sync-config --url URL [--ca-file F] [--set-secret] [--show]

Who is acting (:mod:`cli.login`): ``sync`` and ``sync --once`` run as the sync service account
(role ``sync``, permission ``sync.run`` only; ``users create-service``), normally through
``COUNTER_USER`` + ``COUNTER_PASSWORD_FILE``; ``sync refused`` and ``sync resend`` as a
supervisor or administrator, ``sync reconcile`` as a counter user (audited), ``sync-config``
changes as an administrator. ``sync status`` and ``sync-config --show`` show counts and
settings only and need no login.

The platform address comes from ``--platform-url`` or the configuration (``sync-config``);
the client secret from ``COUNTER_CLIENT_SECRET`` or the OS keyring. ``sync --once`` starts no
request later than ``--max-wait`` seconds (default 60) after it began and each request has a
total deadline of ``--timeout`` seconds (default 30), so it ends within their sum. It exits
with 0 when nothing needs a person, 1 when events were refused by the platform (see
``sync refused``) or status-feed items wait in 平台数据问题 (see ``sync status``), 2 when sync
cannot start (no address, no secret).
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import signal
import sys
from datetime import date

from cli import fail, open_context
from cli.login import login
from counter.logsafe import platform_text
from counter.errors import CounterError

log = logging.getLogger(__name__)

EXIT_REFUSED = 1
EXIT_CONFIG = 2


def register(sub, common) -> None:
    p = sub.add_parser("sync", help="与省级平台同步：发送发件箱事件，拉取办件状态、目录与日历")
    common(p)
    _keep_parent(p)
    p.add_argument("--once", action="store_true", help="发送并拉取一轮后退出（打印摘要）")
    p.add_argument("--platform-url", default=None, help="平台地址（默认取同步配置）")
    p.add_argument("--ca-file", default=None, help="信任的 CA 证书文件（如模拟器的 tls/ca.pem）")
    p.add_argument("--max-wait", type=float, default=60.0,
                   help="--once 时最多运行的秒数（此后不再发起新请求，重试留待下一轮），默认 60；"
                        "整轮最迟在 --max-wait 加一个请求时限后结束")
    p.add_argument("--concurrency", type=int, default=4, help="同时发送的办件数，默认 4")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="每个请求的总时限秒数（取令牌、连接与每次读取合计），默认 30")
    p.add_argument("--retry-base", type=float, default=2.0, help=argparse.SUPPRESS)
    p.add_argument("--retry-cap", type=float, default=900.0, help=argparse.SUPPRESS)
    p.add_argument("--idle", type=float, default=5.0, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="以 JSON 输出摘要")
    p.set_defaults(func=_sync, sync_command=None)
    ssub = p.add_subparsers(dest="sync_command")
    for name, helptext, func in (("status", "显示同步状态", _status),
                                 ("refused", "列出被平台拒收的事件及原因", _refused)):
        c = ssub.add_parser(name, help=helptext)
        common(c)
        _keep_parent(c)
        c.add_argument("--json", action="store_true", help="以 JSON 输出")
        c.set_defaults(func=func)
    c = ssub.add_parser("resend", help="重新发送被拒收的事件")
    common(c)
    _keep_parent(c)
    c.add_argument("event_id", nargs="+")
    c.set_defaults(func=_resend)
    c = ssub.add_parser("reconcile", help="日结：当日本地决定数与平台确认数对账")
    common(c)
    _keep_parent(c)
    c.add_argument("--date", type=date.fromisoformat, required=True, help="对账日期 YYYY-MM-DD")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")
    c.set_defaults(func=_reconcile)

    g = sub.add_parser("sync-config", help="同步配置（管理员）：平台地址、CA 文件、客户端密钥")
    common(g)
    _keep_parent(g)
    g.add_argument("--url", default=None, help="平台地址，如 https://zwfw.example.gov.cn/counter")
    g.add_argument("--ca-file", default=None, help="信任的 CA 证书文件（空字符串表示清除）")
    g.add_argument("--set-secret", action="store_true",
                   help="从标准输入（或交互输入）读取客户端密钥并存入系统密钥环")
    g.add_argument("--show", action="store_true", help="显示当前配置（不显示密钥）")
    g.set_defaults(func=_config)


def _keep_parent(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:  # noqa: SLF001 - argparse offers no public way
        if action.dest == "data_dir":
            action.default = argparse.SUPPRESS


def _service(ctx):
    return ctx.sync


# -- sync ----------------------------------------------------------------------------------------

def _sync(args) -> int:
    from sync.client import PlatformError
    from sync.retry import RetryPolicy
    from sync.worker import SyncCallbacks, WorkerOptions

    logging.getLogger("httpx").setLevel(logging.WARNING)
    ctx = open_context(args)
    try:
        try:
            login(ctx, args, "sync.run")
        except CounterError as e:
            return fail(str(e))
        service = _service(ctx)
        config = service.config()
        url = args.platform_url or config.platform_url
        if not url:
            return fail("未配置省级平台地址：请用 sync-config --url 配置，或给出 --platform-url。",
                        EXIT_CONFIG)
        client_id = ctx.site.get().client_id
        try:
            ctx.secrets.get_client_secret(client_id)  # say it now, not at the first token
        except ctx.secrets.SecretUnavailable as e:
            return fail(e.message, EXIT_CONFIG)
        options = WorkerOptions(concurrency=max(1, args.concurrency), idle_interval=args.idle,
                                retry=RetryPolicy(base=args.retry_base, cap=args.retry_cap))
        try:
            client = ctx.platform.client(url, client_id, timeout=args.timeout,
                                         ca_file=args.ca_file or config.ca_file,
                                         max_connections=options.concurrency + 2)
        except (CounterError, PlatformError) as e:  # http:// to another host, a bad CA file
            return fail(e.message, EXIT_CONFIG)
        callbacks = SyncCallbacks(on_error=lambda m: log.warning("%s", platform_text(m, 500)))
        worker = ctx.sync_worker(client, options=options, callbacks=callbacks)
        try:
            if args.once:
                summary = worker.run_once(max_wait=args.max_wait)
                _print_summary(summary, args.json)
                # something waits for a person: refused events or status items kept aside
                needs_person = summary.status.refused or summary.status.feed_problems
                return EXIT_REFUSED if needs_person else 0
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: worker.stop())
            log.info("syncing with %s as %s until stopped", _safe_url(url), client_id)
            worker.run_forever()
            status = service.status()
            print(f"同步已停止：{status.label}。")
            return 0
        finally:
            client.close()
    finally:
        ctx.close()


def _safe_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{':' + str(parts.port) if parts.port else ''}{parts.path}"


def _print_summary(summary, as_json: bool) -> None:
    st = summary.status
    if as_json:
        print(json.dumps({
            "acked": summary.acked, "replays": summary.replays, "refused": summary.refused,
            "failed_attempts": summary.failed, "rewound": summary.rewound,
            "feed_applied": summary.feed.applied if summary.feed else None,
            "feed_skipped": summary.feed.skipped if summary.feed else None,
            "feed_unchanged": summary.feed.unchanged if summary.feed else None,
            "catalog": summary.catalog, "calendar_years": summary.calendar_years,
            "errors": summary.errors,
            "status": {"pending": st.pending, "failed": st.failed, "refused": st.refused,
                       "online": st.online, "feed_problems": st.feed_problems,
                       "last_success_at": st.last_success_at.isoformat() if st.last_success_at else None},
        }, ensure_ascii=False))
        return
    lines = [f"已发送并获平台确认 {summary.acked} 条事件（其中重放 {summary.replays} 条）"]
    if summary.refused:
        lines.append(f"本轮被平台拒收 {summary.refused} 条")
    if summary.failed:
        lines.append(f"临时失败 {summary.failed} 次（已按退避策略安排重试）")
    if summary.rewound:
        lines.append(f"按平台要求补报 {summary.rewound} 次")
    if summary.feed is not None:
        feed = summary.feed
        lines.append(f"拉取办件状态 {feed.applied} 条（此前已处理 {feed.unchanged} 条，"
                     f"留待人工处理 {feed.skipped} 条）")
    if summary.catalog:
        lines.append(summary.catalog)
    for y in summary.calendar_years:
        lines.append(f"已导入平台发布的 {y} 年节假日安排")
    lines.extend(summary.errors)
    lines.append(f"当前：待发送 {st.pending} 条，拒收待处理 {st.refused} 条。")
    if st.refused:
        lines.append("被拒收的事件需要人工处理：python main.py sync refused")
    if st.feed_problems:
        lines.append(f"平台数据异常：{st.feed_problems} 条状态回传未能应用，"
                     "请值班长或管理员在窗口的 同步 → 平台数据问题 中处理。")
    print("\n".join(lines))


# -- status, refused, resend, reconcile ---------------------------------------------------------

def _status(args) -> int:
    ctx = open_context(args, load_sample=False)
    try:
        st = _service(ctx).status()
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({"configured": st.configured, "online": st.online, "pending": st.pending,
                          "failed": st.failed, "refused": st.refused,
                          "oldest_pending_at": _iso(st.oldest_pending_at),
                          "last_success_at": _iso(st.last_success_at),
                          "last_error": st.last_error, "feed_problems": st.feed_problems},
                         ensure_ascii=False))
        return 0
    print(st.label + "。")
    if st.oldest_pending_at:
        print(f"最早的待发送事件发生于 {st.oldest_pending_at:%Y-%m-%d %H:%M}。")
    if st.last_success_at:
        print(f"最近一次与平台成功通信：{st.last_success_at:%Y-%m-%d %H:%M:%S}。")
    if st.last_error:
        print(f"最近的问题：{st.last_error}")
    return 0


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _refused(args) -> int:
    ctx = open_context(args, load_sample=False)
    try:
        events = _service(ctx).refused(login(ctx, args, "sync.view_refused"))
    finally:
        ctx.close()
    if args.json:
        print(json.dumps([{"event_id": e.event_id, "case_no": e.case_no, "seq": e.seq,
                           "type": e.type, "http_status": e.http_status, "code": e.code,
                           "message": e.message, "details": list(e.details),
                           "held_back": e.held_back} for e in events], ensure_ascii=False))
        return 0
    if not events:
        print("没有被平台拒收的事件。")
        return 0
    for e in events:
        print(f"{e.case_no} 第 {e.seq} 号事件（{e.type_label}）{e.event_id}")
        print(f"    平台原因：{e.message}" + (f"（HTTP {e.http_status}，{e.code}）" if e.http_status else ""))
        for d in e.details:
            print(f"    - {d.get('path', '')}：{d.get('message', '')}")
        if e.held_back:
            print(f"    该办件另有 {e.held_back} 条后续事件等待其处理后发送。")
    return 0


def _resend(args) -> int:
    ctx = open_context(args, load_sample=False)
    try:
        service = _service(ctx)
        actor = login(ctx, args, "sync.resend")
        for event_id in args.event_id:
            try:
                service.resend(event_id, actor)
            except CounterError as e:
                return fail(f"{event_id}：{e}")
            print(f"已重新排队：{event_id}")
    finally:
        ctx.close()
    return 0


def _reconcile(args) -> int:
    ctx = open_context(args, load_sample=False)
    try:
        r = _service(ctx).reconcile(args.date, login(ctx, args, "sync.reconcile"))
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({
            "date": r.day.isoformat(), "balanced": r.balanced,
            "decisions": [vars_line(l) for l in r.decisions],
            "others": [vars_line(l) for l in r.others],
            "differences": [{"case_no": d.case_no, "type": d.type, "state": d.state,
                             "reason": d.reason} for d in r.differences]}, ensure_ascii=False))
        return 0 if r.balanced else 1
    print(f"{r.day:%Y-%m-%d} 日结（本地决定与平台确认对账）")
    print(f"{'类型':<8}{'本地':>6}{'平台确认':>8}{'待发送':>6}{'拒收':>6}{'差额':>6}")
    for line in r.decisions + r.others:
        print(f"{line.label:<8}{line.local:>8}{line.acked:>10}{line.pending:>8}{line.refused:>7}"
              f"{line.difference:>7}")
    if r.differences:
        print(f"差异明细（{len(r.differences)} 件）：")
        for d in r.differences:
            print(f"    {d.case_no}  {d.reason}")
    else:
        print("账实相符：当日全部决定均已获平台确认。")
    return 0 if r.balanced else 1


def vars_line(line) -> dict:
    return {"type": line.type, "local": line.local, "acked": line.acked, "pending": line.pending,
            "refused": line.refused, "difference": line.difference}


# -- sync-config -----------------------------------------------------------------------------------

def _config(args) -> int:
    ctx = open_context(args, load_sample=False)
    secrets = ctx.secrets
    try:
        service = _service(ctx)
        current = service.config()
        admin = None
        if args.url is not None or args.ca_file is not None or args.set_secret:
            admin = login(ctx, args, "platform.configure")
        if args.url is not None or args.ca_file is not None:
            try:
                current = service.set_config(
                    args.url if args.url is not None else current.platform_url,
                    args.ca_file if args.ca_file is not None else current.ca_file,
                    actor=admin)
            except CounterError as e:
                return fail(str(e))
            print("同步配置已保存。")
        client_id = ctx.site.get().client_id
        if args.set_secret:
            if sys.stdin.isatty():
                secret = getpass.getpass(f"请输入窗口 {client_id} 的平台客户端密钥（不回显）：")
            else:
                secret = sys.stdin.readline().rstrip("\r\n")
            try:
                secrets.set_client_secret(client_id, secret)
            except secrets.SecretUnavailable as e:
                return fail(e.message, EXIT_CONFIG)
            finally:
                secret = None  # noqa: F841 - drop the reference
            print(f"客户端密钥已存入系统密钥环（窗口 {client_id}）。")
        if args.show or not (args.url or args.ca_file is not None or args.set_secret):
            print(f"平台地址：{current.platform_url or '未配置'}")
            print(f"CA 文件：{current.ca_file or '系统默认'}")
            print(f"客户端标识：{client_id}")
            print(f"客户端密钥：{'已配置' if secrets.has_client_secret(client_id) else '未配置'}")
    finally:
        ctx.close()
    return 0
