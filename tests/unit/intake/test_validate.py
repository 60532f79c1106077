"""Field validation and the problems of a whole form (表单校验)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.catalog.model import Choice, Field
from counter.ids import make_id_number, make_uscc
from counter.intake.merge import IntakeSpec
from counter.intake.validate import field_problem, form_problems, normalise_value, problems_as_lines

from tests.unit.intake.factory import ID_TYPES, two_item_catalog

TODAY = date(2026, 11, 20)
ID = make_id_number("140802", date(1990, 5, 17), 123)
USCC = make_uscc("140802", 4711)


def f(type_: str, **kw) -> Field:
    return Field(kw.pop("key", "x.value"), kw.pop("label", "值"), type_, **kw)


def problem(field: Field, value, form=None):
    return field_problem(field, value, form or {}, today=TODAY)


@pytest.mark.parametrize("type_", ["text", "textarea", "choice", "multi_choice", "date", "integer",
                                   "decimal", "mobile", "phone", "id_number", "uscc", "division",
                                   "email", "postcode"])
@pytest.mark.parametrize("empty", [None, "", "   ", []])
def test_empty_values_are_not_a_problem_here(type_, empty):
    assert problem(f(type_, id_type_field="x.type"), empty) is None


# (type, field options, valid values, invalid values)
CASES = [
    ("text", {"max_length": 5}, ["张三", "  五个字以内 "], ["六个字六个字", "两\n行"]),
    ("text", {"pattern": r"[A-Z]{2}\d+"}, ["AB12"], ["ab12", "AB12x"]),
    ("textarea", {"max_length": 10}, ["第一行\n第二行"], ["十一个字十一个字十一个"]),
    ("choice", {"choices": ID_TYPES}, ["111", " 414 "], ["112", "居民身份证"]),
    ("multi_choice", {"choices": ID_TYPES}, [["111", "414"], ["001"], "111"], [["111", "112"]]),
    ("date", {}, ["2024-02-29", "1900-01-01", "2100-12-31", "2024/3/5", "2024年3月5日", "20240305"],
     ["2023-02-29", "1899-12-31", "2101-01-01", "昨天", "2024-13-01", "24-03-05"]),
    ("integer", {"min": 1, "max": 10}, ["1", "10", " 7 ", "０７", "+3"], ["0", "11", "1.5", "七", "1e3"]),
    ("decimal", {"min": 0, "max": 100.5}, ["0", "12.34", "100.5", "３.５", ".5"],
     ["-0.01", "100.51", "1,000", "NaN", "Infinity", "1.2.3", "abc"]),
    ("mobile", {}, ["13812345678", "+86 138 1234 5678", "１３８１２３４５６７８"],
     ["1381234567", "12812345678", "1381234567a"]),
    ("phone", {}, ["0351-1234567", "03511234567", "13812345678", "0351－1234567", "400-800-1234"],
     ["98765", "0351--1234567", "-03511234567", "0351-123456a", "123456789012345678901", "12812345678"]),
    ("uscc", {}, [USCC, USCC.lower(), USCC[:9] + " " + USCC[9:]], [USCC[:-1], USCC[:-1] + "0" if USCC[-1] != "0" else USCC[:-1] + "1"]),
    ("division", {}, ["140802", "110000"], ["14080", "990000", "110001"]),
    ("email", {}, ["zhang.san@example.cn", "a@b.co"], ["zhangsan", "a@b", "a b@c.cn", "a@@b.cn"]),
    ("postcode", {}, ["044000", "０４４０００"], ["04400", "0440000", "44000a"]),
]


@pytest.mark.parametrize("type_,opts,valid,invalid", CASES, ids=[c[0] for c in CASES])
def test_types_valid_and_invalid(type_, opts, valid, invalid):
    field = f(type_, **opts)
    for v in valid:
        assert problem(field, v) is None, v
    for v in invalid:
        reason = problem(field, v)
        assert reason, v
        assert str(v).strip() not in reason or len(str(v).strip()) < 2  # never echo the value


def test_bounds_are_named_in_the_reason():
    assert problem(f("integer", min=1, max=10), "0") == "不能小于1"
    assert problem(f("decimal", max=100.5), "101") == "不能大于100.5"


def test_pattern_and_max_length_apply_to_coded_types_too():
    field = f("postcode", pattern=r"04\d{4}")
    assert problem(field, "044000") is None
    assert problem(field, "100000") == "格式不符合要求"


def test_id_number_of_a_resident_id_card_is_checked_with_its_checksum():
    field = f("id_number", key="applicant.id_number", id_type_field="applicant.id_type")
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    assert problem(field, ID, {"applicant.id_type": "111"}) is None
    assert problem(field, ID.lower(), {"applicant.id_type": "111"}) is None
    assert "校验位" in problem(field, wrong, {"applicant.id_type": "111"})
    future = make_id_number("140802", date(2027, 1, 1), 1)
    assert problem(field, future, {"applicant.id_type": "111"})


def test_id_number_of_a_passport_is_letters_and_digits():
    field = f("id_number", key="applicant.id_number", id_type_field="applicant.id_type")
    passport = {"applicant.id_type": "414"}
    assert problem(field, "E12345678", passport) is None
    assert problem(field, "e12345678", passport) is None  # upper-cased first
    assert problem(field, "123456789", passport) is None  # no checksum for a passport
    assert problem(field, "E1234-5678", passport)
    assert "这是居民身份证号码" in problem(field, ID, passport)
    assert problem(field, "E" * 31, passport)


def test_id_number_needs_its_document_type():
    field = f("id_number", id_type_field="applicant.id_type")
    assert problem(field, ID, {}) == "请先选择证件类型"
    assert problem(f("id_number"), ID, {}) is None  # no type field: a resident ID card
    assert problem(field, USCC, {"applicant.id_type": "001"}) is None
    assert problem(field, ID, {"applicant.id_type": "001"})


def test_normalise_value():
    assert normalise_value(f("text"), "  （山西）有限公司 ") == "（山西）有限公司"
    assert normalise_value(f("id_number"), " 1408 0219 9005 17123x ") == "14080219900517123X"
    assert normalise_value(f("uscc"), USCC.lower()) == USCC
    assert normalise_value(f("mobile"), "+86 138-1234-5678") == "13812345678"
    assert normalise_value(f("integer"), "００７") == "7"
    assert normalise_value(f("decimal"), " １２.５０ ") == "12.50"
    assert normalise_value(f("date"), "2024年3月5日") == "2024-03-05"
    assert normalise_value(f("date"), date(2024, 3, 5)) == "2024-03-05"
    assert normalise_value(f("date"), "2024-02-30") == "2024-02-30"  # left for field_problem
    assert normalise_value(f("phone"), "0351 － 1234567") == "0351-1234567"
    assert normalise_value(f("email"), " Zhang@Example.CN ") == "Zhang@example.cn"
    assert normalise_value(f("multi_choice"), [" a", "b", "a", ""]) == ["a", "b"]
    assert normalise_value(f("multi_choice"), None) == []
    assert normalise_value(f("choice"), None) == ""
    assert normalise_value(f("postcode"), "０４４ ０００") == "044000"


@given(st.text(max_size=30))
def test_normalising_is_idempotent_and_does_not_change_the_verdict(text):
    for type_ in ("text", "date", "integer", "decimal", "mobile", "phone", "id_number", "uscc",
                  "email", "postcode", "division"):
        field = f(type_)
        once = normalise_value(field, text)
        assert normalise_value(field, once) == once
        assert problem(field, once) == problem(field, text)


# -- the whole form ------------------------------------------------------------------------

@pytest.fixture
def package():
    return IntakeSpec.for_package(two_item_catalog(), "P")


def test_form_problems_on_an_empty_package_form(package):
    assert form_problems(package, {}, {}, today=TODAY) == {
        "q:q_agent": "请回答：是否委托代理人办理？",
        "q:q_site": "请回答：经营场所是否自有？",
        "applicant.name": "必填",
        "applicant.id_type": "必填",
        "applicant.id_number": "必填",
        "applicant.mobile": "必填",
    }


def test_form_problems_follow_the_situation(package):
    answers = {"q_agent": "agent", "q_site": "own"}
    form = {"applicant.name": "张三", "applicant.id_type": "111", "applicant.id_number": ID,
            "applicant.mobile": "13812345678", "agent.name": "李四", "agent.id_type": "414",
            "agent.id_number": "E1234567*", "business.capital": "-5",
            "business.scope": "餐饮服务"}
    problems = form_problems(package, answers, form, today=TODAY)
    assert problems == {"q:q_agent_kind": "请回答：代理人是什么身份？",
                        "agent.id_number": "证件号码应为1至30位字母或数字",
                        "business.capital": "不能小于0"}
    answers["q_agent_kind"] = "relative"
    form.update({"agent.id_number": "E12345678", "business.capital": "50.5"})
    assert form_problems(package, answers, form, today=TODAY) == {}
    # no longer an agent, rented: the agent's invalid number and the capital do not count
    form.update({"agent.id_number": "!!", "business.capital": "x"})
    assert form_problems(package, {"q_agent": "self", "q_site": "rent", "q_agent_kind": "relative"},
                         form, today=TODAY) == {}


def test_invalid_required_values_and_blank_input(package):
    answers = {"q_agent": "self", "q_site": "rent"}
    form = {"applicant.name": "   ", "applicant.id_type": "111",
            "applicant.id_number": ID[:-1] + ("0" if ID[-1] != "0" else "1"),
            "applicant.mobile": "138"}
    problems = form_problems(package, answers, form, today=TODAY)
    assert problems["applicant.name"] == "必填"
    assert "校验位" in problems["applicant.id_number"]
    assert problems["applicant.mobile"].startswith("手机号码")


def test_problems_as_lines_name_the_field_never_the_value(package):
    form = {"applicant.name": "张三", "applicant.id_type": "111", "applicant.id_number": ID[:10],
            "applicant.mobile": "13812345678"}
    problems = form_problems(package, {"q_site": "own"}, form, today=TODAY)
    lines = problems_as_lines(package, problems)
    assert lines[0] == "请回答：是否委托代理人办理？"
    assert lines[1].startswith("证件号码：身份证号码应为18位")
    assert all(ID[:10] not in line and "张三" not in line for line in lines)
    assert problems_as_lines(package, {"unknown.key": "必填"}) == ["unknown.key：必填"]


def test_choice_without_choices_accepts_any_value():
    assert problem(Field("x", "X", "choice", choices=(Choice("a", "甲"),)), "a") is None
    assert problem(Field("x", "X", "choice"), "anything") is None


# -- year-month fields and division codes (issue 11) ------------------------------------------

MONTH = r"20\d{2}-(0[1-9]|1[0-2])"


@pytest.mark.parametrize("typed, stored", [
    ("202612", "2026-12"), ("2026-12", "2026-12"), ("2026/1", "2026-01"), ("2026.09", "2026-09"),
    ("2026年12月", "2026-12"), (" ２０２６１２ ", "2026-12"), ("2026 - 3", "2026-03"),
    ("202613", "202613"), ("20261", "20261"), ("十二月", "十二月"),
])
def test_a_year_month_field_accepts_the_compact_form(typed, stored):
    field = f("text", pattern=MONTH, max_length=7)
    assert normalise_value(field, typed) == stored
    if stored.count("-") == 1 and len(stored) == 7:
        assert problem(field, typed) is None
    else:
        assert problem(field, typed) == "年月格式应为YYYY-MM，如 2026-12"


def test_only_year_month_patterns_are_normalised():
    from counter.intake.validate import year_month_example

    assert year_month_example(f("text", pattern=MONTH)) == "2026-12"
    assert year_month_example(f("text", pattern=r"\d{4}-\d{2}")) == "2026-12"
    assert year_month_example(f("text", pattern=r"19\d{2}-\d{2}")) == "1990-12"
    for other in (f("text", pattern=r"\d{12,19}"), f("text", pattern=r"\d{4}-?\d{2}"),
                  f("text", pattern=r"\d{4}-\d{2}(-\d{2})?"), f("text"), f("date"),
                  f("text", pattern="(")):
        assert year_month_example(other) is None
    account = f("text", pattern=r"\d{6,19}")
    assert normalise_value(account, "202612") == "202612"


@pytest.mark.parametrize("code, reason", [
    ("140202", "不在 GB/T 2260 表中"),  # 大同市城区, abolished in 2018
    ("110103", "不在 GB/T 2260 表中"),  # 崇文区, merged in 2010
    ("140899", "不在 GB/T 2260 表中"),  # never existed
    ("110100", "分组"),                 # 北京市市辖区: a grouping row, not a place
])
def test_a_division_not_in_the_table_is_refused(code, reason):
    assert reason in problem(f("division"), code)


def test_a_stored_division_not_in_the_table_is_a_form_problem():
    """A draft saved (or prefilled) with an abolished code cannot be decided."""
    from counter.catalog.loader import load_catalog, read_catalog_file
    from tests.conftest import SAMPLE_CATALOG

    catalog = load_catalog(read_catalog_file(SAMPLE_CATALOG))
    code = next(i.code for i in catalog.items
                if any(f.field == "enterprise.division" for f in i.fields))
    spec = IntakeSpec.for_target(catalog, "item", code)
    assert form_problems(spec, {}, {"enterprise.division": "140802"},
                         today=TODAY).get("enterprise.division") is None
    problems = form_problems(spec, {}, {"enterprise.division": "140202"}, today=TODAY)
    assert "不在 GB/T 2260 表中" in problems["enterprise.division"]


# -- person-name fields refuse numbers (issue 11) ---------------------------------------------

NAME_FIELDS = [Field("applicant.name", "申请人姓名", "text", max_length=50),
               Field("agent.name", "代理人姓名", "text"),
               Field("contact.name", "联系人", "text"),
               Field("enterprise.legal_rep", "法定代表人姓名", "text"),
               Field("guardian.full_name", "监护人姓名", "text")]


@pytest.mark.parametrize("field", NAME_FIELDS, ids=lambda fl: fl.key)
@pytest.mark.parametrize("value", ["王芳", "欧阳娜娜", "阿卜杜热合曼·买买提", "John Smith",
                                   "Müller-Lüdenscheidt", "王二", " 张伟 "])
def test_person_names_pass(field, value):
    assert problem(field, value) is None


@pytest.mark.parametrize("field", NAME_FIELDS, ids=lambda fl: fl.key)
@pytest.mark.parametrize("value, reason", [
    ("14080200107261120S00042I", "姓名不能含数字，请勿填入办件编号、证件号码等编号"),  # a case number
    (ID, "姓名不能含数字，请勿填入办件编号、证件号码等编号"),  # an ID number
    ("A023", "姓名不能含数字，请勿填入办件编号、证件号码等编号"),  # a queue ticket
    ("张伟1", "姓名不能含数字，请勿填入办件编号、证件号码等编号"),
    ("１２３", "姓名不能含数字，请勿填入办件编号、证件号码等编号"),  # full-width digits
    ("——", "姓名应包含汉字或字母，请勿填入编号"),
    ("·", "姓名应包含汉字或字母，请勿填入编号"),
])
def test_person_names_refuse_numbers_and_marks(field, value, reason):
    assert problem(field, value) == reason
    assert value.strip() not in reason  # never the value itself


def test_other_text_fields_may_hold_numbers():
    for field in (Field("enterprise.name", "企业名称", "text"),
                  Field("business.address", "经营场所", "text"),
                  Field("bank.account", "本人银行账号", "text")):
        assert problem(field, "运城市盐湖区解放北路118号") is None


def test_a_case_number_in_the_applicant_name_is_a_form_problem(package):
    form = {"applicant.name": "14080200107261120S00042I", "applicant.id_type": "111",
            "applicant.id_number": ID, "applicant.mobile": "13812345678"}
    problems = form_problems(package, {"q_agent": "self", "q_site": "own"}, form, today=TODAY)
    assert problems == {"applicant.name": "姓名不能含数字，请勿填入办件编号、证件号码等编号"}
    assert problems_as_lines(package, problems) == [
        "申请人姓名：姓名不能含数字，请勿填入办件编号、证件号码等编号"]
