"""An ID-card reader that leaves its results in a folder (文件夹式身份证阅读器).

Many resident-ID readers sold to service halls come with a small vendor program that, each time
a card is read, writes the holder's data and photo into a working folder: traditionally
``wz.txt`` (文字信息) and ``zp.bmp`` (照片, the 102×126 photo decoded from the card's
``zp.wlt``). :class:`FolderIdCardReader` implements the :class:`counter.idcard.IdCardReader`
port on such a folder. It understands three layouts of the data file, tried in this order:

1. ``wz.txt`` as the **card's own text block**: exactly 256 bytes of UTF-16LE in fixed
   fields, as the card stores them (GA 467): name 15 characters, sex code 1 (``1`` 男,
   ``2`` 女), nation code 2 (GB 3304, ``01`` 汉 …), birth date 8 (``YYYYMMDD``), address 35,
   ID number 18, issuer 15, valid from 8, valid until 8 (or ``长期``), 18 reserved — each
   padded with spaces.
2. a **text file** (``wz.txt`` or another ``*.txt``) of ``key: value`` lines, in UTF-8,
   UTF-16 (with a byte-order mark) or GBK, as most vendor programs write when told to export
   text. Keys are Chinese or English: ``姓名``/``name``, ``性别``/``sex``, ``民族``/``nation``,
   ``出生``/``出生日期``/``birth``, ``住址``/``address``, ``公民身份号码``/``身份证号``/
   ``id_number``, ``签发机关``/``issuer``, ``有效期限``/``valid`` (``20160630-20360630`` or
   ``…-长期``), or ``valid_until``. ``:`` or ``：`` or ``=`` separate key and value.
3. a **JSON** file (``*.json``) with the English keys above.

The photo is the first of ``zp.bmp``, ``zp.jpg``, ``photo.jpg``, ``photo.bmp``, then any
``*.bmp``/``*.jpg``/``*.png`` in the folder; its bytes are returned as they are (the caller
keeps them as a blob).

Stale data is dangerous at a counter (the previous applicant's card): files older than
``max_age`` seconds are ignored, and with ``consume=True`` (default) the files are deleted
after a successful read, so each card read is returned once.

Nothing read is logged: it is personal data.

Which reader a counter uses is chosen by the composition root
(:func:`bootstrap.choose_id_card_reader`): the folder reader when the administrator set its
folder (setting ``idcard.folder``, 采集设备设置) — or, when that folder is missing or not
writable, a reader that says 设备未就绪 at each read; otherwise, in a training store only, the
simulated training cards; otherwise none — 读身份证 (F2) then says 未配置身份证阅读器 and
changes nothing. A production counter never fills a form with a fictitious person.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import logging
import os
import time
from datetime import date
from pathlib import Path
from typing import Callable

from counter.capture.processing import sniff
from counter.files import FileTooLarge, NotAFile, read_capped
from counter.idcard import IdCardData, IdCardReadError
from counter.ids import gb11643_problem, normalise_id_number, sex_from_id

log = logging.getLogger(__name__)

__all__ = ["FolderIdCardReader", "parse_card_block", "parse_text", "NATIONS"]

#: GB/T 3304 nation codes (民族代码) → names, as written on the card.
NATIONS = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统",
}
_SEX_CODES = {"1": "男", "2": "女"}
# (field, characters) of the card's 256-byte text block, in order
_BLOCK = (("name", 15), ("sex", 1), ("nation", 2), ("birth", 8), ("address", 35),
          ("id_number", 18), ("issuer", 15), ("valid_from", 8), ("valid_until", 8),
          ("reserved", 18))
_KEYS = {
    "姓名": "name", "name": "name",
    "性别": "sex", "sex": "sex", "gender": "sex",
    "民族": "nation", "nation": "nation", "ethnicity": "nation",
    "出生": "birth", "出生日期": "birth", "birth": "birth", "birth_date": "birth",
    "住址": "address", "地址": "address", "address": "address",
    "公民身份号码": "id_number", "身份证号": "id_number", "身份证号码": "id_number",
    "id_number": "id_number", "idnumber": "id_number", "id": "id_number",
    "签发机关": "issuer", "issuer": "issuer", "authority": "issuer",
    "有效期限": "valid", "有效期": "valid", "valid": "valid",
    "有效期起": "valid_from", "valid_from": "valid_from",
    "有效期至": "valid_until", "valid_until": "valid_until",
}
_DATA_FILES = ("wz.txt", "*.json", "*.txt")
_PHOTO_FILES = ("zp.bmp", "zp.jpg", "photo.jpg", "photo.bmp", "*.bmp", "*.jpg", "*.jpeg",
                "*.png")
_MAX_DATA_BYTES = 64 * 1024
_MAX_PHOTO_BYTES = 2 * 1024 * 1024


def _bad(file_name: str) -> IdCardReadError:
    return IdCardReadError(f"读卡程序写出的文件“{file_name}”格式无法识别，请重新读卡。")


def _date(text: str) -> date | None:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) != 8:
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def _card(values: dict[str, str], file_name: str) -> IdCardData:
    """An :class:`IdCardData` from parsed values; :class:`IdCardReadError` when unusable."""
    number = normalise_id_number(values.get("id_number", ""))
    name = values.get("name", "").strip()
    if not name or gb11643_problem(number) is not None:  # ID card, 居住证, 永居证
        raise _bad(file_name)
    sex = values.get("sex", "").strip()
    sex = _SEX_CODES.get(sex, sex)
    if sex not in ("男", "女"):
        sex = sex_from_id(number)
    nation = values.get("nation", "").strip()
    nation = NATIONS.get(nation.zfill(2), nation) if nation.isdigit() else nation
    nation = nation.removesuffix("族") if len(nation) > 1 else nation
    birth = _date(values.get("birth", "")) or date(int(number[6:10]), int(number[10:12]),
                                                   int(number[12:14]))
    valid_until_text = values.get("valid_until", "")
    if not valid_until_text and values.get("valid"):
        parts = [p for p in values["valid"].replace("—", "-").replace("至", "-").split("-") if p]
        valid_until_text = parts[-1] if parts else ""
    valid_until = _date(valid_until_text)
    if valid_until is None and "长期" not in valid_until_text:
        valid_until_text = valid_until_text.strip()
        if valid_until_text:
            raise _bad(file_name)
    return IdCardData(name=name, id_number=number, sex=sex, birth_date=birth,
                      address=values.get("address", "").strip(), nation=nation,
                      issuer=values.get("issuer", "").strip(), valid_until=valid_until)


def parse_card_block(data: bytes, file_name: str = "wz.txt") -> IdCardData:
    """The card's own 256-byte UTF-16LE text block (layout 1 of the module docstring)."""
    if len(data) < 256:
        raise _bad(file_name)
    try:
        text = data[:256].decode("utf-16-le")
    except UnicodeDecodeError:
        raise _bad(file_name) from None
    values: dict[str, str] = {}
    at = 0
    for key, width in _BLOCK:
        values[key] = text[at:at + width].strip().strip("\x00")
        at += width
    return _card(values, file_name)


def _decode(data: bytes) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le")  # UTF-16LE without a byte-order mark
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # GBK and its superset


def parse_text(data: bytes, file_name: str = "wz.txt") -> IdCardData:
    """A ``key: value`` text file or a JSON object (layouts 2 and 3)."""
    try:
        text = _decode(data).strip().lstrip("\ufeff")
    except UnicodeDecodeError:
        raise _bad(file_name) from None
    values: dict[str, str] = {}
    if text.startswith("{"):
        try:
            raw = json.loads(text)
        except ValueError:
            raise _bad(file_name) from None
        if not isinstance(raw, dict):
            raise _bad(file_name)
        items = [(str(k), "" if v is None else str(v)) for k, v in raw.items()]
    else:
        items = []
        for line in text.splitlines():
            for sep in ("：", ":", "="):
                if sep in line:
                    key, _, value = line.partition(sep)
                    items.append((key, value))
                    break
    for key, value in items:
        field = _KEYS.get(key.strip().replace(" ", "").lower())
        if field:
            values[field] = value.strip()
    return _card(values, file_name)


class FolderIdCardReader:
    """The :class:`counter.idcard.IdCardReader` port on a reader's output folder.

    Args:
        folder: where the vendor program writes ``wz.txt`` and ``zp.bmp``.
        consume: delete the files after a successful read (each card is returned once).
        max_age: seconds after which files count as stale (the previous applicant's).
        now: the current time as ``time.time()`` gives it (injectable for tests).
    """

    def __init__(self, folder: str | os.PathLike[str], *, consume: bool = True,
                 max_age: float = 120.0, now: Callable[[], float] = time.time) -> None:
        self.folder = Path(folder)
        self.consume = consume
        self.max_age = max_age
        self._now = now

    def _first(self, patterns: tuple[str, ...]) -> Path | None:
        if not self.folder.is_dir():
            return None
        for pattern in patterns:
            matches = sorted(p for p in self.folder.glob(pattern) if p.is_file())
            fresh = [p for p in matches if self._fresh(p)]
            if fresh:
                return fresh[0]
        return None

    def _fresh(self, path: Path) -> bool:
        try:
            return self._now() - path.stat().st_mtime <= self.max_age
        except OSError:
            return False

    def read(self) -> IdCardData | None:
        """The card the reader program last wrote, or None when there is no fresh one.

        Raises:
            IdCardReadError: the files are there but cannot be understood.
        """
        data_file = self._first(_DATA_FILES)
        if data_file is None:
            return None
        try:
            data = read_capped(data_file, _MAX_DATA_BYTES)  # never read whole: outside input
        except (FileTooLarge, NotAFile):
            raise _bad(data_file.name) from None
        except OSError:
            raise IdCardReadError("读卡程序的输出文件暂时无法读取，请稍后重试。") from None
        if not data:
            raise _bad(data_file.name)
        if len(data) == 256 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF8)) \
                and data[:2] != b"{\x00" and not _looks_like_lines(data):
            card = parse_card_block(data, data_file.name)
        else:
            card = parse_text(data, data_file.name)
        photo_file = self._first(_PHOTO_FILES)
        photo = None
        if photo_file is not None:
            try:
                raw = read_capped(photo_file, _MAX_PHOTO_BYTES)
                if raw and sniff(raw) in ("bmp", "jpeg", "png"):
                    photo = raw
            except (OSError, FileTooLarge, NotAFile):
                photo = None
        if photo is not None:
            card = dataclasses.replace(card, photo=photo)
        if self.consume:
            for path in (data_file, photo_file):
                if path is not None:
                    try:
                        path.unlink()
                    except OSError:
                        log.warning("ID-card output file could not be removed")
        log.debug("ID card read from folder (photo: %s)", photo is not None)
        return card


def _looks_like_lines(data: bytes) -> bool:
    """A 256-byte file that is a ``key: value`` text after all."""
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return False
    return any(sep in text for sep in ("：", ":", "="))
