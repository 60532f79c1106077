"""The ID-card reader port (身份证阅读器).

A counter reads the applicant's second-generation resident ID card (二代身份证) to prefill the
form (免填写). Real readers (USB devices with a vendor SDK) are adapters in ``ui/`` or a
device module of a later issue; the domain only knows this port. :class:`SimulatedIdCardReader`
hands out deterministic training cards with valid ID numbers (训练卡) and can be told to fail,
for training, demos and tests. The desktop uses it only in a training store (练习库), never as
a fallback: the composition root (:func:`bootstrap.choose_id_card_reader`) makes the choice.

Nothing read from a card is ever logged: it is personal data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from counter.errors import CounterError, DeviceNotReady
from counter.ids import RESIDENT_ID_CARD, id_type_of_number, make_id_number

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IdCardData:
    """What a resident ID card holds (身份证信息).

    Attributes:
        name: 姓名.
        id_number: 公民身份号码 (18 characters, upper-case ``X``).
        sex: ``男`` or ``女``.
        birth_date: 出生日期.
        address: 住址.
        nation: 民族, e.g. ``汉``.
        issuer: 签发机关.
        valid_until: 有效期限 end; None for 长期.
        photo: the card's photo (JPEG/BMP bytes as the reader gives them), if read.
    """

    name: str
    id_number: str
    sex: str
    birth_date: date
    address: str
    nation: str
    issuer: str
    valid_until: date | None
    photo: bytes | None = None

    @property
    def gender_code(self) -> str:
        """GB/T 2261.1 sex code as the catalog's gender fields use it: ``1`` male, ``2`` female."""
        return "1" if self.sex == "男" else "2"

    def expired(self, today: date) -> bool:
        """True when the card's validity ended before ``today`` (证件已过期)."""
        return self.valid_until is not None and self.valid_until < today

    def form_values(self) -> dict[str, str]:
        """Values for the catalog's applicant fields (``applicant.*``); the document type
        follows the number (a reader also reads 港澳台居民居住证 and the 2023 外国人永久居留
        身份证, whose chips follow the ID card's)."""
        id_type = id_type_of_number(self.id_number) or RESIDENT_ID_CARD
        return {"applicant.name": self.name, "applicant.id_type": id_type,
                "applicant.id_number": self.id_number, "applicant.gender": self.gender_code,
                "applicant.nation": self.nation, "applicant.address": self.address}


class IdCardReadError(CounterError):
    """The reader failed (读卡失败): no device, card moved, unreadable chip."""


@runtime_checkable
class IdCardReader(Protocol):
    """A resident ID card reader (身份证阅读器端口)."""

    def read(self) -> IdCardData | None:
        """Read the card on the reader; None when no card is placed.

        Raises:
            IdCardReadError: the device failed (the message is shown to the clerk).
        """


#: Training cards (训练卡): fictitious people with valid ID numbers.
_TRAINING = (
    ("张伟", "140802", date(1985, 3, 14), 11, "汉", "山西省运城市盐湖区解放北路118号"),
    ("王芳", "140802", date(1990, 7, 2), 22, "汉", "山西省运城市盐湖区河东东街56号"),
    ("李娜", "140821", date(1978, 11, 30), 48, "回", "山西省运城市临猗县临晋镇东街7号"),
    ("刘洋", "140802", date(2001, 1, 9), 135, "汉", "山西省运城市盐湖区红旗西街202号"),
    ("陈静", "140823", date(1966, 5, 21), 64, "汉", "山西省运城市闻喜县桐城镇中街31号"),
    ("杨磊", "140802", date(1995, 12, 25), 317, "蒙古", "山西省运城市盐湖区学苑路9号"),
)


def training_cards() -> list[IdCardData]:
    """The training cards in their fixed order."""
    cards = []
    for name, division, birth, seq, nation, address in _TRAINING:
        number = make_id_number(division, birth, seq)
        sex = "男" if seq % 2 else "女"
        cards.append(IdCardData(name=name, id_number=number, sex=sex, birth_date=birth,
                                address=address, nation=nation,
                                issuer="运城市公安局盐湖分局", valid_until=date(2036, 6, 30)))
    return cards


class UnavailableIdCardReader(IdCardReader):
    """A configured reader that cannot start (设备未就绪): every :meth:`read` raises
    :class:`counter.errors.DeviceNotReady` with ``reason``, so that 读身份证 (F2) tells the
    clerk why instead of reading nothing or a substitute.

    Args:
        reason: why, in Chinese (e.g. 身份证阅读器文件夹不存在或不可写：D:\\idcard).
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def read(self) -> IdCardData | None:
        raise DeviceNotReady(self.reason)


class SimulatedIdCardReader:
    """A reader that hands out the training cards in turn (模拟身份证阅读器).

    Args:
        cards: the cards to cycle through (default :func:`training_cards`).
        fail: when True every :meth:`read` raises :class:`IdCardReadError`.
        empty: when True :meth:`read` returns None (no card placed).
    """

    def __init__(self, cards: list[IdCardData] | None = None, *, fail: bool = False,
                 empty: bool = False) -> None:
        self.cards = list(cards) if cards is not None else training_cards()
        self.fail = fail
        self.empty = empty
        self._next = 0

    def read(self) -> IdCardData | None:
        if self.fail:
            raise IdCardReadError("读卡失败：请将身份证平放在阅读器上重新读取。")
        if self.empty or not self.cards:
            return None
        card = self.cards[self._next % len(self.cards)]
        self._next += 1
        log.debug("simulated ID card read (card %d)", self._next)
        return card

    def set_failing(self, fail: bool = True) -> None:
        """Make the following reads fail (or succeed again)."""
        self.fail = fail
