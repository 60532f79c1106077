"""The folder-drop ID-card reader (counter/idcard_folder.py)."""

from __future__ import annotations

import json
import os
import time
from datetime import date

import pytest

from counter.idcard import IdCardReader, IdCardReadError, training_cards
from counter.idcard_folder import FolderIdCardReader, parse_card_block, parse_text
from tests.capture import images

CARD = training_cards()[5]  # 杨磊, 蒙古族


def card_block(card=CARD, valid_until: str = "20360630") -> bytes:
    """The card's 256-byte text block (UTF-16LE fixed fields)."""
    def fixed(text: str, width: int) -> str:
        return text.ljust(width)[:width]
    text = (fixed(card.name, 15) + ("1" if card.sex == "男" else "2") + "02"
            + card.birth_date.strftime("%Y%m%d") + fixed(card.address, 35) + card.id_number
            + fixed(card.issuer, 15) + "20160630" + fixed(valid_until, 8) + " " * 18)
    data = text.encode("utf-16-le")
    assert len(data) == 256
    return data


def lines(card=CARD) -> str:
    return (f"姓名：{card.name}\n性别：{card.sex}\n民族：{card.nation}族\n"
            f"出生：{card.birth_date:%Y年%m月%d日}\n住址：{card.address}\n"
            f"公民身份号码：{card.id_number}\n签发机关：{card.issuer}\n"
            f"有效期限：2016.06.30-{card.valid_until:%Y.%m.%d}\n")


def same_person(read, card=CARD) -> None:
    assert (read.name, read.id_number, read.sex, read.birth_date, read.address, read.nation,
            read.issuer, read.valid_until) == (card.name, card.id_number, card.sex,
                                               card.birth_date, card.address, card.nation,
                                               card.issuer, card.valid_until)


def test_card_block():
    same_person(parse_card_block(card_block()))


def test_card_block_long_term_validity():
    assert parse_card_block(card_block(valid_until="长期")).valid_until is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gbk"])
def test_key_value_text_in_common_encodings(encoding):
    same_person(parse_text(lines().encode(encoding)))


def test_json():
    data = json.dumps({"name": CARD.name, "sex": "1", "nation": "02", "birth": "19951225",
                       "address": CARD.address, "id_number": CARD.id_number,
                       "issuer": CARD.issuer, "valid_until": "2036-06-30"}, ensure_ascii=False)
    same_person(parse_text(data.encode("utf-8"), "card.json"))


@pytest.mark.parametrize("data", [b"", b"garbage", "姓名：张三\n".encode(), b"{]",
                                  "姓名：张三\n公民身份号码：110101199001011234\n".encode()])
def test_unusable_files(data):
    with pytest.raises(IdCardReadError) as caught:
        parse_text(data, "wz.txt")
    assert "wz.txt" in caught.value.message


def test_reader_returns_the_card_with_its_photo_once(tmp_path):
    (tmp_path / "wz.txt").write_bytes(card_block())
    photo = images.encode(images.text_page((102, 126)), "BMP")
    (tmp_path / "zp.bmp").write_bytes(photo)
    reader = FolderIdCardReader(tmp_path)
    assert isinstance(reader, IdCardReader)
    card = reader.read()
    same_person(card)
    assert card.photo == photo
    assert reader.read() is None  # consumed
    assert not (tmp_path / "wz.txt").exists() and not (tmp_path / "zp.bmp").exists()


def test_reader_keeps_files_when_not_consuming_and_takes_text_and_jpeg(tmp_path):
    (tmp_path / "card.txt").write_bytes(lines().encode("gbk"))
    (tmp_path / "photo.jpg").write_bytes(images.encode(images.text_page((102, 126))))
    reader = FolderIdCardReader(tmp_path, consume=False)
    assert reader.read().photo.startswith(b"\xff\xd8")
    assert reader.read() is not None


def test_stale_files_are_ignored(tmp_path):
    (tmp_path / "wz.txt").write_bytes(card_block())
    old = time.time() - 600
    os.utime(tmp_path / "wz.txt", (old, old))
    assert FolderIdCardReader(tmp_path).read() is None
    assert FolderIdCardReader(tmp_path, max_age=3600).read() is not None


def test_no_folder_no_card(tmp_path):
    assert FolderIdCardReader(tmp_path / "missing").read() is None
    assert FolderIdCardReader(tmp_path).read() is None


def test_a_non_image_photo_is_dropped(tmp_path):
    (tmp_path / "wz.txt").write_bytes(card_block())
    (tmp_path / "zp.bmp").write_bytes(b"not a bitmap")
    assert FolderIdCardReader(tmp_path).read().photo is None


def test_bad_file_message_names_it_without_personal_data(tmp_path):
    (tmp_path / "wz.txt").write_bytes("姓名：杨磊\n".encode())
    with pytest.raises(IdCardReadError) as caught:
        FolderIdCardReader(tmp_path).read()
    assert "wz.txt" in caught.value.message and "杨磊" not in caught.value.message
    assert date(1995, 12, 25) == CARD.birth_date


# -- which reader a counter uses (issue 11: nothing fictitious outside training) --------------

def test_the_configured_folder_is_the_reader(tmp_path):
    from bootstrap import choose_id_card_reader

    for training in (False, True):
        reader = choose_id_card_reader(f" {tmp_path} ", training=training)
        assert isinstance(reader, FolderIdCardReader) and reader.folder == tmp_path


def test_training_cards_only_in_a_training_store():
    from bootstrap import choose_id_card_reader
    from counter.idcard import SimulatedIdCardReader

    assert choose_id_card_reader("", training=False) is None
    assert choose_id_card_reader(None, training=False) is None
    assert isinstance(choose_id_card_reader("  ", training=True), SimulatedIdCardReader)


def test_a_configured_folder_that_cannot_be_used_is_not_ready_never_a_substitute(tmp_path):
    """Issue 13: a configured device that cannot start is an error the clerk sees at F2
    (设备未就绪：原因) — not the training cards, not a reader that silently finds nothing."""
    import pytest

    from bootstrap import choose_id_card_reader
    from counter.errors import CounterError, DeviceNotReady
    from counter.idcard import UnavailableIdCardReader

    missing = tmp_path / "unplugged"
    for training in (False, True):
        reader = choose_id_card_reader(str(missing), training=training)
        assert isinstance(reader, UnavailableIdCardReader)
        with pytest.raises(DeviceNotReady) as caught:
            reader.read()
        assert isinstance(caught.value, CounterError)
        assert caught.value.message == f"设备未就绪：身份证阅读器文件夹不存在或不可写：{missing}"
    a_file = tmp_path / "wz.txt"
    a_file.write_text("x")
    assert isinstance(choose_id_card_reader(str(a_file), training=False), UnavailableIdCardReader)
