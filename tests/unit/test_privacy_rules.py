import datetime

from beneficiary_rules import breach_notice_deadline

DT = datetime.datetime


def test_breach_notice_deadline_is_72_hours_after_discovery():
    assert breach_notice_deadline(DT(2026, 3, 1, 22, 30)) == DT(2026, 3, 4, 22, 30)


def test_breach_notice_deadline_runs_through_the_weekend():
    # discovered on a Thursday evening: due on Sunday evening, Friday and
    # Saturday count (hours, not working days)
    assert breach_notice_deadline(DT(2026, 1, 1, 18, 0)) == DT(2026, 1, 4, 18, 0)


def test_no_discovery_no_deadline():
    assert breach_notice_deadline(None) is None
