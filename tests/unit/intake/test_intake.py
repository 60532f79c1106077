"""The draft at the window (受理草稿): JSON round trip, material states, the applicant."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from counter.catalog.loader import load_catalog
from counter.catalog.model import Field, ItemField
from counter.clock import CST
from counter.errors import InvalidInput
from counter.ids import make_id_number, make_uscc
from counter.intake import Intake, IntakeSpec, MaterialState, MaterialStatus, form_problems
from tests.conftest import SAMPLE_CATALOG
from tests.unit.intake.factory import FIELDS, catalog, item, two_item_catalog

NOW = datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=CST)


@pytest.fixture
def package():
    return IntakeSpec.for_package(two_item_catalog(), "P")


@pytest.fixture
def intake(package):
    return Intake.new(package, NOW, queue_ticket="A012")


def statuses(intake, spec):
    return {m.id: s.status for m, s in intake.checklist(spec)}


# -- creation and JSON ---------------------------------------------------------------------

def test_a_new_draft_has_a_checklist_for_the_situation_so_far(intake, package):
    assert len(intake.id) == 32 and int(intake.id, 16) >= 0
    assert (intake.kind, intake.key, intake.catalog_version) == ("package", "P", "test-1")
    assert intake.created_at == intake.updated_at == NOW
    assert intake.applicant_kind == "person"
    assert list(intake.materials) == ["M-ID", "M-FORM", "M-PHOTO", "M-HEALTH"]
    assert all(s.status is MaterialStatus.MISSING for s in intake.materials.values())


def test_json_round_trip_with_every_status(intake):
    for n, status in enumerate(MaterialStatus):
        intake.materials[f"M-{n}"] = MaterialState(
            f"M-{n}", status, copies_received=n, original_checked=n % 2 == 0,
            original_kept=n % 2 == 1, paper_only=n == 3, pages=[f"{n:064x}", "f" * 64],
            audit_checked=["在有效期内", "人证一致"][:n], e_licence_number="证照-1" if n == 1 else None,
            note="原件已核" if n else "")
    intake.answers = {"q_agent": "agent", "q_site": "rent"}
    intake.form = {"applicant.name": "张三", "applicant.mobile": "13812345678",
                   "food.items": ["hot", "cold"], "business.capital": "10.50"}
    intake.touch(NOW + timedelta(minutes=3, microseconds=1))
    text = intake.to_json()
    restored = Intake.from_json(text)
    assert restored == intake
    assert restored.to_json() == text
    assert restored.updated_at.tzinfo is CST and restored.updated_at.tzname() == "CST"
    assert "张三" in text  # UTF-8, not \u escapes
    data = json.loads(text)
    assert data["created_at"] == "2026-11-20T09:30:15.123456+08:00"
    assert data["draft_format"] == 1
    assert {m["status"] for m in data["materials"].values()} >= {s.value for s in MaterialStatus}


def test_json_keeps_other_offsets_and_optional_fields(package):
    utc = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
    draft = Intake.new(package, utc, applicant_kind="organisation")
    restored = Intake.from_json(draft.to_json())
    assert restored == draft and restored.created_at.utcoffset() == timedelta(0)
    assert restored.queue_ticket is None and restored.applicant_kind == "organisation"


def test_naive_times_and_damaged_drafts_are_refused(intake):
    intake.updated_at = datetime(2026, 11, 20, 9, 30)
    with pytest.raises(InvalidInput, match="时区"):
        intake.to_json()
    for bad in ("", "[]", "{}", '{"id": "x"}', '{"draft_format": 99}',
                json.dumps({"id": "x", "kind": "item", "key": "A", "catalog_version": "1",
                            "created_at": "yesterday", "updated_at": "2026-01-01T00:00:00+08:00"})):
        with pytest.raises(InvalidInput):
            Intake.from_json(bad)
    good = json.loads(Intake.new(IntakeSpec.for_item(two_item_catalog(), "A"), NOW).to_json())
    good["materials"]["M-ID"]["status"] = "lost"
    with pytest.raises(InvalidInput, match="材料"):
        Intake.from_json(json.dumps(good))


def test_unknown_applicant_kind_is_refused(package):
    with pytest.raises(InvalidInput):
        Intake.new(package, NOW, applicant_kind="robot")


def test_organisation_only_items_default_to_an_organisation_applicant():
    cat = catalog([item("A", service_object=("organisation",))])
    assert Intake.new(IntakeSpec.for_item(cat, "A"), NOW).applicant_kind == "organisation"


# -- materials -----------------------------------------------------------------------------

def test_sync_materials_when_answers_change_keeps_earlier_records(intake, package):
    intake.set_answer("q_agent", "agent")
    assert intake.sync_materials(package) == ["M-AGENT"]
    agent = intake.materials["M-AGENT"]
    agent.status = MaterialStatus.RECEIVED
    agent.pages = ["a" * 64]
    intake.set_answer("q_agent", "self")
    assert intake.sync_materials(package) == []
    assert "M-AGENT" not in statuses(intake, package)  # it no longer counts …
    assert intake.materials["M-AGENT"] is agent  # … but nothing recorded is lost
    intake.set_answer("q_agent", "agent")
    assert intake.sync_materials(package) == []
    assert statuses(intake, package)["M-AGENT"] is MaterialStatus.RECEIVED
    assert intake.materials["M-AGENT"].pages == ["a" * 64]


def test_checklist_returns_the_stored_states_in_checklist_order(intake, package):
    intake.set_answer("q_site", "rent")
    rows = intake.checklist(package)
    assert [m.id for m, _ in rows] == [m.id for m in package.materials(intake.answers)]
    rows[0][1].copies_received = 2
    assert intake.materials[rows[0][0].id].copies_received == 2


def test_missing_and_acceptable(intake, package):
    intake.set_answer("q_agent", "self")
    intake.set_answer("q_site", "rent")  # lease: tolerable for A
    assert [m.id for m in intake.missing(package)] == ["M-ID", "M-FORM", "M-LEASE", "M-HEALTH"]
    assert not intake.acceptable(package)
    intake.materials["M-ID"].status = MaterialStatus.E_LICENCE
    intake.materials["M-FORM"].status = MaterialStatus.RECEIVED
    intake.materials["M-LEASE"].status = MaterialStatus.RECEIVED
    intake.materials["M-HEALTH"].status = MaterialStatus.TOLERATED
    assert intake.missing(package) == []  # tolerated is not missing …
    assert not intake.acceptable(package)  # … but not enough to accept without tolerance
    intake.materials["M-HEALTH"].status = MaterialStatus.RECEIVED
    assert intake.acceptable(package)  # the optional photo does not matter
    assert intake.materials["M-PHOTO"].status is MaterialStatus.MISSING


def test_not_applicable_does_not_excuse_a_required_material(intake, package):
    for state in intake.materials.values():
        state.status = MaterialStatus.RECEIVED
    intake.materials["M-ID"].status = MaterialStatus.NOT_APPLICABLE
    assert [m.id for m in intake.missing(package)] == ["M-ID"]
    assert not intake.acceptable(package)


def test_a_material_that_stops_applying_stops_counting(intake, package):
    intake.set_answer("q_agent", "agent")
    intake.set_answer("q_site", "own")
    for m, state in intake.checklist(package):
        state.status = MaterialStatus.RECEIVED
    intake.materials["M-AGENT"].status = MaterialStatus.MISSING
    assert not intake.acceptable(package)
    intake.set_answer("q_agent", "self")
    assert intake.acceptable(package)


def test_set_value_stores_canonical_values_and_clears_empty_ones(intake, package):
    id_field = package.field("applicant.id_number")
    number = make_id_number("140802", date(1990, 5, 17), 123)
    assert intake.set_value(id_field, " " + number.lower() + " ") == number
    assert intake.form["applicant.id_number"] == number
    intake.set_value(id_field, "  ")
    assert "applicant.id_number" not in intake.form
    intake.set_answer("q_site", "")
    assert "q_site" not in intake.answers


# -- the applicant -------------------------------------------------------------------------

def test_applicant_person(intake, package):
    number = make_id_number("140802", date(1990, 5, 17), 123)
    intake.form.update({"applicant.name": " 张三 ", "applicant.id_type": "111",
                        "applicant.id_number": number.lower()})
    assert intake.applicant(package) == {"type": "person", "name": "张三", "id_type": "111",
                                         "id_number": number}
    intake.form.clear()
    assert intake.applicant(package) == {"type": "person", "name": None, "id_type": None,
                                         "id_number": None}


def test_applicant_organisation():
    a = item("A", service_object=("organisation",),
             fields=(ItemField("enterprise.name", True), ItemField("enterprise.uscc", True)))
    spec = IntakeSpec.for_item(catalog([a]), "A")
    draft = Intake.new(spec, NOW)
    code = make_uscc("140802", 42)
    draft.form.update({"enterprise.name": "运城市某某餐饮有限公司", "enterprise.uscc": code.lower()})
    assert draft.applicant(spec) == {"type": "organisation", "name": "运城市某某餐饮有限公司",
                                     "id_type": "001", "id_number": code}


def test_applicant_organisation_with_org_keys():
    fields = (*FIELDS, Field("org.name", "单位名称", "text"), Field("org.uscc", "统一社会信用代码", "uscc"))
    a = item("A", fields=(ItemField("org.name", True), ItemField("org.uscc", True)))
    spec = IntakeSpec.for_item(catalog([a], fields=fields), "A")
    draft = Intake.new(spec, NOW, applicant_kind="organisation")
    draft.form.update({"org.name": "某协会", "org.uscc": make_uscc("140802", 7, authority="5")})
    assert draft.applicant(spec)["name"] == "某协会"
    assert draft.applicant(spec)["id_number"] == make_uscc("140802", 7, authority="5")


# -- the sample catalog --------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    return load_catalog(SAMPLE_CATALOG.read_bytes())


def test_sample_packages_merge_shared_fields_and_materials(sample):
    for package in sample.packages:
        spec = IntakeSpec.for_package(sample, package.id)
        fields = [f.key for f in spec.fields({}, {})]
        assert len(fields) == len(set(fields))
        assert fields[:4] == ["applicant.name", "applicant.id_type", "applicant.id_number",
                              "contact.mobile"]
        ids = [m.id for m in spec.materials({})]
        assert len(ids) == len(set(ids))
        questions = [q.id for q in spec.questions({})]
        assert questions[0] == "q_agent" and len(questions) == len(set(questions))
        # a draft for it survives a crash
        draft = Intake.new(spec, NOW)
        assert Intake.from_json(draft.to_json()) == draft


def test_sample_applicant_and_form_problems(sample):
    spec = IntakeSpec.for_package(sample, "P-KCG")
    draft = Intake.new(spec, NOW)
    number = make_id_number("140802", date(1985, 2, 3), 42)
    draft.form.update({"applicant.name": "王五", "applicant.id_type": "111",
                       "applicant.id_number": number, "contact.mobile": "139 0000 1234"})
    assert draft.applicant(spec) == {"type": "person", "name": "王五", "id_type": "111",
                                     "id_number": number}
    problems = form_problems(spec, {"q_agent": "agent"}, draft.form, today=date(2026, 11, 20))
    assert "applicant.id_number" not in problems and "contact.mobile" not in problems
    assert problems["agent.id_number"] == "必填"
