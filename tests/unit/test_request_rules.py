import datetime

import pytest
from beneficiary_rules import (
    FAILED,
    PASSED,
    SAUDI_WEEKEND,
    UNKNOWN,
    RuleError,
    add_working_days,
    committee_decision,
    days_between,
    decision_window,
    eligibility_outcome,
    evaluate_eligibility,
    quorum_met,
)

D = datetime.date
FRI_SAT = SAUDI_WEEKEND  # the weekend of an association without working hours


def test_window_in_weeks():
    assert decision_window(D(2026, 1, 1), 2, 6, "weeks", FRI_SAT) == (
        D(2026, 1, 15),
        D(2026, 2, 12),
    )


def test_window_in_days():
    assert decision_window(D(2026, 1, 1), 10, 30, "days", FRI_SAT) == (
        D(2026, 1, 11),
        D(2026, 1, 31),
    )


def test_working_days_skip_friday_and_saturday():
    # Thursday 2026-01-01 + 1 working day = Sunday 2026-01-04
    assert add_working_days(D(2026, 1, 1), 1, FRI_SAT) == D(2026, 1, 4)
    # two working weeks from a Sunday land on a Sunday
    assert decision_window(D(2026, 1, 4), 10, 30, "working_days", FRI_SAT) == (
        D(2026, 1, 18),
        D(2026, 2, 15),
    )
    assert add_working_days(D(2026, 1, 1), 0, FRI_SAT) == D(2026, 1, 1)


def test_working_days_follow_the_calendar_and_its_holidays():
    # a Monday-Friday week: Friday 2026-01-02 + 1 working day = Monday 2026-01-05
    assert add_working_days(D(2026, 1, 2), 1, weekend=(5, 6)) == D(2026, 1, 5)
    # Eid al-Fitr 1447 (2026-03-20 .. 2026-03-23) is not worked
    eid = set(days_between(D(2026, 3, 20), D(2026, 3, 23)))
    assert add_working_days(D(2026, 3, 19), 1, FRI_SAT, holidays=eid) == D(2026, 3, 24)
    assert decision_window(D(2026, 3, 15), 5, 10, "working_days", FRI_SAT, holidays=eid) == (
        D(2026, 3, 24),
        D(2026, 3, 31),
    )
    # weeks and days are calendar periods: holidays do not move them
    assert decision_window(D(2026, 3, 15), 1, 2, "weeks", FRI_SAT, holidays=eid)[0] == D(
        2026, 3, 22
    )
    with pytest.raises(RuleError):
        add_working_days(D(2026, 1, 1), 1, weekend=range(7))


@pytest.mark.parametrize("bounds", [(3, 2), (-1, 4)])
def test_window_bounds_checked(bounds):
    with pytest.raises(RuleError):
        decision_window(D(2026, 1, 1), *bounds, "weeks", FRI_SAT)


def test_window_unit_checked():
    with pytest.raises(RuleError):
        decision_window(D(2026, 1, 1), 2, 6, "months", FRI_SAT)


PROGRAM = {
    "beneficiary_type": "direct",
    "category_ids": {1, 2},
    "region": "hail",
    "max_income_per_member": 1500,
    "required_document_type_ids": {10, 11},
    "date_start": D(2026, 1, 1),
    "date_end": D(2026, 12, 31),
}
APPLICANT = {
    "beneficiary_type": "direct",
    "category_ids": {2, 5},
    "region": "hail",
    "income_per_member": 1200,
    "valid_document_type_ids": {10, 11, 12},
    "consent": True,
}


def statuses(checks):
    return {criterion: status for criterion, status, _detail in checks}


def test_eligible_applicant_passes_every_criterion():
    checks = evaluate_eligibility(PROGRAM, APPLICANT, D(2026, 5, 1))
    assert set(statuses(checks).values()) == {PASSED}
    assert set(statuses(checks)) == {
        "period",
        "consent",
        "beneficiary_type",
        "categories",
        "region",
        "income",
        "documents",
    }
    assert eligibility_outcome(checks) == "eligible"


def test_each_failure_is_named():
    applicant = dict(
        APPLICANT,
        beneficiary_type="indirect",
        category_ids={7},
        region="riyadh",
        income_per_member=2000,
        valid_document_type_ids={10},
        consent=False,
    )
    checks = evaluate_eligibility(PROGRAM, applicant, D(2027, 1, 1))
    assert set(statuses(checks).values()) == {FAILED}
    documents = next(detail for c, _s, detail in checks if c == "documents")
    assert documents["missing"] == {11}
    assert eligibility_outcome(checks) == "not_eligible"


def test_unknown_income_and_region():
    applicant = dict(APPLICANT, income_per_member=None, region=False)
    checks = evaluate_eligibility(PROGRAM, applicant, D(2026, 5, 1))
    assert statuses(checks)["income"] == UNKNOWN
    assert statuses(checks)["region"] == UNKNOWN
    assert eligibility_outcome(checks) == "incomplete"


def test_open_program_checks_only_period_and_consent():
    checks = evaluate_eligibility({}, {"consent": True}, D(2026, 5, 1))
    assert statuses(checks) == {"period": PASSED, "consent": PASSED}


def test_quorum():
    assert quorum_met(3, 5, "number", 3)
    assert not quorum_met(2, 5, "number", 3)
    assert quorum_met(3, 5, "share", 0.5)
    assert not quorum_met(2, 5, "share", 0.5)
    assert quorum_met(2, 4, "share", 0.5)
    assert not quorum_met(0, 4, "number", 0)
    with pytest.raises(RuleError):
        quorum_met(3, 5, "percent", 50)


def test_majority_decides_and_abstentions_do_not_count():
    votes = [("approve", 800), ("approve", 1000), ("reject", None), ("abstain", None)]
    assert committee_decision(votes, "reject", True, 1000, 5000, 900) == ("approved", 800.0)
    votes = [("reject", None), ("reject", None), ("approve", 500), ("abstain", None)]
    assert committee_decision(votes, "approve", True, 1000, 5000, 900) == ("rejected", 0.0)


def test_chair_breaks_tie():
    votes = [("approve", None), ("reject", None)]
    assert committee_decision(votes, "approve", True, 1000, 5000, 700) == ("approved", 700.0)
    assert committee_decision(votes, "reject", True, 1000, 5000, 700) == ("rejected", 0.0)
    assert committee_decision(votes, "abstain", True, 1000, 5000, 700) == ("tie", 0.0)
    assert committee_decision(votes, None, True, 1000, 5000, 700) == ("tie", 0.0)


def test_no_quorum_and_no_votes():
    assert committee_decision([("approve", 5)], "approve", False, 10, 10, 10) == ("no_quorum", 0.0)
    votes = [("abstain", None), ("abstain", None)]
    assert committee_decision(votes, "abstain", True, 10, 10, 10) == ("no_votes", 0.0)


def test_amount_never_above_request_or_program():
    votes = [("approve", 9000), ("approve", 8000)]
    assert committee_decision(votes, None, True, 6000, 5000, 0) == ("approved", 5000.0)
    assert committee_decision(votes, None, True, 3000, 5000, 0) == ("approved", 3000.0)
    # no amount stated anywhere: the requested amount, capped by the program
    assert committee_decision([("approve", None)], None, True, 7000, 5000, 0) == (
        "approved",
        5000.0,
    )
