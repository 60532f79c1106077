"""``platform-sim``: run the simulated provincial platform on loopback (省级平台模拟器).

    python main.py platform-sim --port 8765 --data-dir /tmp/sim
    python main.py platform-sim --tls --fault-rate 0.3 --faults 500,503,429,timeout,drop,slow --seed 7

The first line on stdout is the platform URL (``http(s)://127.0.0.1:<port>``); with ``--tls``
the second names the CA file a client trusts (``sync --ca-file …``). Stops on Ctrl+C or
SIGTERM. Binds only 127.0.0.1.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

from cli import fail

log = logging.getLogger(__name__)


def register(sub, common) -> None:
    p = sub.add_parser("platform-sim", help="运行省级平台模拟器（仅本机回环地址，用于培训、演示与测试）")
    common(p)
    p.add_argument("--port", type=int, default=8765, help="端口（0 表示自动选择空闲端口），默认 8765")
    p.add_argument("--tls", action="store_true", help="使用 HTTPS（自签名本机证书，CA 文件在数据目录 tls/ca.pem）")
    p.add_argument("--fault-rate", type=float, default=0.0, help="注入故障的请求比例（0～1），默认 0")
    p.add_argument("--faults", default=None,
                   help="故障种类，逗号分隔：500,502,503,504,429,timeout,drop,slow（默认 500,503,429,timeout,drop,slow）")
    p.add_argument("--seed", type=int, default=1, help="随机种子（故障与办理进度）")
    p.add_argument("--progress-delays", default="10,60",
                   help="办理进度：收件到审查、审查到办结的秒数，逗号分隔，默认 10,60")
    p.add_argument("--deny-rate", type=float, default=0.1, help="不予许可的比例，默认 0.1")
    p.add_argument("--retry-after", type=int, default=2, help="429/503 时 Retry-After 的秒数，默认 2")
    p.add_argument("--timeout-sleep", type=float, default=35.0, help="超时故障挂起的秒数，默认 35")
    p.add_argument("--slow-delay", type=float, default=1.0, help="慢响应故障延迟的秒数，默认 1")
    p.add_argument("--client-secret", default=None,
                   help="各窗口共用的客户端密钥（默认为模拟器内置的演示密钥）")
    p.add_argument("--token-ttl", type=int, default=3600, help="访问令牌有效秒数，默认 3600")
    p.add_argument("--catalog", type=Path, default=None, help="发布的事项目录文件（默认示例目录）")
    p.add_argument("--calendar", type=Path, action="append", default=[],
                   help="发布的年度节假日安排文件（可多次给出）")
    p.add_argument("--answer-mode", default="normal",
                   choices=("normal", "html", "wrong_echo", "drip"),
                   help="应答方式（测试客户端用）：normal 按接口规范；html 模拟代理对一切请求回 200 网页；"
                        "wrong_echo 回执中的事件标识、序号或哈希与所发不符；drip 逐字节缓慢发送应答体")
    p.add_argument("--drip-interval", type=float, default=0.5,
                   help="drip 方式下每字节间隔的秒数，默认 0.5")
    p.set_defaults(func=_run)


def _run(args) -> int:
    import json

    from sync.simulator import DEFAULT_CLIENT_SECRET, FaultConfig, PlatformSimulator, Progression, SimConfig
    from sync.simulator.faults import DEFAULT_KINDS, parse_kinds

    try:
        kinds = parse_kinds(args.faults) if args.faults else DEFAULT_KINDS
        delays = [float(x) for x in args.progress_delays.split(",")]
        if len(delays) != 2 or min(delays) < 0:
            raise ValueError("--progress-delays 应为两个非负秒数，如 10,60")
        faults = FaultConfig(rate=args.fault_rate, kinds=kinds, seed=args.seed,
                             retry_after=args.retry_after, timeout_sleep=args.timeout_sleep,
                             slow_delay=args.slow_delay)
    except ValueError as e:
        return fail(f"参数有误：{e}")
    if not 0 <= args.port <= 65535:
        return fail("端口应在 0～65535 之间。")
    data_dir = args.data_dir
    if data_dir is None:
        from counter.app import default_data_dir

        data_dir = default_data_dir() / "platform-sim"
    from counter.catalog.loader import read_catalog_file
    from counter.errors import CounterError
    from counter.files import FileTooLarge, NotAFile, read_capped
    from counter.services.calendar import MAX_FILE_BYTES as MAX_CALENDAR_BYTES

    catalog = None
    try:  # both capped as on the counter: never read whole when too large
        if args.catalog is not None:
            catalog = read_catalog_file(args.catalog)
        calendars = [json.loads(read_capped(p, MAX_CALENDAR_BYTES).decode("utf-8"))
                     for p in args.calendar]
    except CounterError as e:
        return fail(e.message)
    except FileTooLarge:
        return fail(f"节假日安排文件过大（超过 {MAX_CALENDAR_BYTES // 1024} KB）。")
    except NotAFile:
        return fail("节假日安排文件不是普通文件。")
    except (OSError, ValueError) as e:
        return fail(f"无法读取发布文件：{e}")
    config = SimConfig(data_dir=data_dir, port=args.port, tls=args.tls,
                       client_secret=args.client_secret or DEFAULT_CLIENT_SECRET,
                       token_ttl=args.token_ttl, catalog=catalog, faults=faults,
                       progression=Progression(delays[0], delays[1], args.deny_rate, args.seed),
                       answer_mode=args.answer_mode, drip_interval=max(0.0, args.drip_interval))
    try:
        sim = PlatformSimulator(config)
    except OSError as e:
        return fail(f"模拟器无法启动（端口 {args.port}）：{e.strerror or e}")
    for doc in calendars:
        sim.publish_calendar(doc)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    sim.start()
    print(sim.base_url, flush=True)
    if sim.ca_file is not None:
        print(f"CA 文件：{sim.ca_file}", flush=True)
    print(f"省级平台模拟器已启动，数据目录 {data_dir}；"
          f"{'使用内置演示密钥' if args.client_secret is None else '使用指定的客户端密钥'}；"
          f"故障比例 {args.fault_rate:g}。按 Ctrl+C 停止。", file=sys.stderr, flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sim.stop()
        log.info("platform simulator stopped; faults injected: %s", sim.faults.counts or "none")
    return 0
