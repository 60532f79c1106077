"""Document wording (printing.wording) and markup-safe text (printing.fonts)."""

from __future__ import annotations

import pytest

from printing import RenderOptions, fonts, render, wording
from printing import sources as src
from tests.printing import factory as f
from tests.printing.pdftext import compact, pdf_text


def test_the_bundled_wording_is_complete_and_well_formed():
    assert wording.problems(wording.BUNDLED_DIR) == []


def test_fill_replaces_known_placeholders_only():
    assert wording.fill("{a}与{b}", {"a": "甲"}) == "甲与{b}"
    assert wording.fill("{{a}} {a}", {"a": 1}) == "{a} 1"
    # no attribute or index access: a format-string attack is printed as written
    assert wording.fill("{a.__class__}{a[0]}", {"a": "x"}) == "{a.__class__}{a[0]}"


def test_an_override_folder_changes_only_the_keys_it_has(tmp_path):
    (tmp_path / "receipt.toml").write_text('title = "受理决定书"\n', encoding="utf-8")
    (tmp_path / "common.toml").write_text('seal = "（某某专用章）"\n', encoding="utf-8")
    doc = src.receipt_doc(f.accepted_case(), f.SITE)
    text = compact(pdf_text(render(doc, wording_dir=tmp_path)))
    assert "受理决定书" in text and "（某某专用章）" in text
    assert "已收取材料清单" in text  # everything else from the bundled wording


def test_a_broken_override_falls_back_to_the_bundled_wording(tmp_path):
    (tmp_path / "receipt.toml").write_text('title = "未闭合\n', encoding="utf-8")
    doc = src.receipt_doc(f.accepted_case(), f.SITE)
    assert "受理通知书" in pdf_text(render(doc, wording_dir=tmp_path))
    assert any("无法解析" in p for p in wording.problems(tmp_path))


def test_wording_placeholders_take_literal_values(tmp_path):
    (tmp_path / "receipt.toml").write_text('salutation = "尊敬的{applicant_name}："\n',
                                           encoding="utf-8")
    doc = src.receipt_doc(f.accepted_case(applicant_name="<b>{case_no}</b>"), f.SITE)
    text = compact(pdf_text(render(doc, RenderOptions(), wording_dir=tmp_path)))
    assert "尊敬的<b>{case_no}</b>：" in text


@pytest.mark.parametrize("text, expected", [
    ("<b>粗</b>", "&lt;b&gt;粗&lt;/b&gt;"),
    ("A & B", "A &amp; B"),
    ("第一行\n第二行", "第一行<br/>第二行"),
    ("制表\t符", "制表 符"),
    ("零宽\u200b连接\u200d符\ufe0f", "零宽连接符"),
    ("控制\x07字符", "控制字符"),
    (None, ""),
    (42, "42"),
])
def test_para_escapes_and_cleans(text, expected):
    assert fonts.para(text) == expected


def test_para_marks_characters_the_font_lacks():
    assert fonts.para("王𠀀", size=10) == '王□<font size="6.0">U+20000</font>'
    assert fonts.plain("䶮<b>") == "□(U+4DAE)<b>"
    assert fonts.missing_chars("王𠀀䶮😀😀\u200d") == ["𠀀", "䶮", "😀"]
    assert fonts.has_glyph("□") and fonts.has_glyph("〇") and not fonts.has_glyph("𠀀")
