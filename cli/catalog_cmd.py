"""``catalog validate|import|export|versions|activate``.

``catalog import`` and ``catalog activate`` need an administrator's login (``catalog.import``,
audited with the logged-in user); ``validate``, ``export`` and ``versions`` read no personal
data and need none. ``import --confirm`` and ``activate VERSION [--confirm]`` are the
administrator's explicit confirmation of an empty catalog or one of another region (audited);
``activate`` rolls back to (or forward to) any stored version (audited as ``catalog.activate``).
"""

from __future__ import annotations

from pathlib import Path

from cli import fail, print_message, run_call
from counter.errors import CounterError


def register(sub, common) -> None:
    p = sub.add_parser("catalog", help="事项目录：校验、导入、导出")
    csub = p.add_subparsers(dest="catalog_command", required=True)
    for name, helptext in (("validate", "校验目录文件"), ("import", "导入目录文件（版本更新时启用）"),
                           ("export", "导出当前启用的目录")):
        c = csub.add_parser(name, help=helptext)
        common(c)
        c.add_argument("file", type=Path)
        c.set_defaults(func=globals()[f"_{name}"])
    exp = csub.choices["export"]
    exp.add_argument("--version", dest="catalog_version", default=None, help="导出指定的目录版本")
    confirm_help = "确认启用没有事项或属于其他行政区划的目录（记入审计日志）"
    csub.choices["import"].add_argument("--confirm", action="store_true", help=confirm_help)
    act = csub.add_parser("activate", help="启用已导入的某个目录版本（版本回退）")
    common(act)
    act.add_argument("catalog_version", metavar="VERSION", help="目录版本（见 catalog versions）")
    act.add_argument("--confirm", action="store_true", help=confirm_help)
    act.set_defaults(func=_activate)
    ver = csub.add_parser("versions", help="列出已导入的目录版本")
    common(ver)
    ver.set_defaults(func=_versions)


def _validate(args) -> int:
    from counter.catalog.loader import load_catalog, read_catalog_file

    try:
        catalog = load_catalog(read_catalog_file(args.file))
    except CounterError as e:
        return fail(f"目录文件无效：{args.file}\n{e}")
    print(f"目录文件有效：版本 {catalog.catalog_version}，{len(catalog.items)} 个事项，"
          f"{len(catalog.packages)} 个一件事，{len(catalog.materials)} 种材料。")
    return 0


def _import(args) -> int:
    return run_call(args, lambda ctx, actor: ctx.catalog.import_file(
                        args.file, source="file", actor=actor, confirm=args.confirm),
                    print_message, failure=f"导入失败，当前目录未改动：{args.file}",
                    action="catalog.import", load_sample=False)


def _activate(args) -> int:
    return run_call(args, lambda ctx, actor: ctx.catalog.activate(
                        args.catalog_version, actor=actor, confirm=args.confirm),
                    print_message, failure="启用失败，当前目录未改动。",
                    action="catalog.import", load_sample=False)


def _versions(args) -> int:
    def show(versions) -> int:
        if not versions:
            return fail("尚未导入事项目录。")
        for v in versions:
            mark = "*" if v.active else " "
            print(f"{mark} {v.catalog_version}\t发布 {v.published_at:%Y-%m-%d %H:%M}"
                  f"\t导入 {v.imported_at:%Y-%m-%d %H:%M}\t来源 {v.source}")
        print("（* 为当前启用的版本；回退：catalog activate VERSION）")
        return 0

    return run_call(args, lambda ctx: ctx.catalog.versions(), show, load_sample=False)


def _export(args) -> int:
    def write(data: bytes) -> int:
        try:
            args.file.write_bytes(data)
        except OSError as e:
            return fail(f"无法写入 {args.file}：{e.strerror or e}")
        print(f"已导出到 {args.file}")
        return 0

    # no sample import here: exporting must not change the store
    return run_call(args, lambda ctx: ctx.catalog.export_document(args.catalog_version), write,
                    load_sample=False)
