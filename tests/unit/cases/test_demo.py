"""Training data (练习数据): every target of the sample catalog gets a valid form."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from counter.cases.demo import (DemoPeople, FormFiller, choose_applicant_kind, leave_missing,
                                receive_all, targets)
from counter.catalog.loader import load_catalog, read_catalog_file
from counter.clock import CST
from counter.ids import id_number_problem, uscc_problem
from counter.intake.intake import Intake
from counter.intake.merge import IntakeSpec
from counter.intake.validate import form_problems
from tests.conftest import SAMPLE_CATALOG

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(read_catalog_file(SAMPLE_CATALOG))


def test_people_have_valid_identifiers():
    people = DemoPeople(random.Random(5), TODAY)
    for _ in range(200):
        p = people.person()
        assert id_number_problem(p.id_number, today=TODAY) is None
        assert 2 <= len(p.name) <= 4
        o = people.organisation()
        assert uscc_problem(o.uscc) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_target_gets_a_form_without_problems(catalog, seed):
    rng = random.Random(seed)
    filler = FormFiller(DemoPeople(rng, TODAY))
    for kind, key in targets(catalog):
        spec = IntakeSpec.for_target(catalog, kind, key)
        intake = Intake.new(spec, datetime(2026, 11, 20, 9, tzinfo=CST))
        intake.applicant_kind = choose_applicant_kind(spec, rng)
        filler.fill(intake, spec, agent_share=0.5)
        assert form_problems(spec, intake.answers, intake.form, today=TODAY) == {}, key
        assert intake.applicant(spec)["id_number"], key
        receive_all(intake, spec)
        assert intake.acceptable(spec)
        missing = leave_missing(intake, spec, rng)
        assert missing and not intake.acceptable(spec)


def test_same_seed_same_data(catalog):
    def run(seed):
        rng = random.Random(seed)
        filler = FormFiller(DemoPeople(rng, TODAY))
        spec = IntakeSpec.for_target(catalog, "package", catalog.packages[0].id)
        intake = Intake.new(spec, datetime(2026, 11, 20, 9, tzinfo=CST))
        filler.fill(intake, spec)
        return intake.form, intake.answers

    assert run(7) == run(7)
    assert run(7) != run(8)
