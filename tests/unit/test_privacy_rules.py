import datetime

from beneficiary_rules import add_years, breach_notice_deadline, data_request_deadline, kept_until

D = datetime.date
DT = datetime.datetime


def test_breach_notice_deadline_is_72_hours_after_discovery():
    assert breach_notice_deadline(DT(2026, 3, 1, 22, 30)) == DT(2026, 3, 4, 22, 30)


def test_breach_notice_deadline_runs_through_the_weekend():
    # discovered on a Thursday evening: due on Sunday evening, Friday and
    # Saturday count (hours, not working days)
    assert breach_notice_deadline(DT(2026, 1, 1, 18, 0)) == DT(2026, 1, 4, 18, 0)


def test_no_discovery_no_deadline():
    assert breach_notice_deadline(None) is None


def test_data_request_answered_within_30_days():
    assert data_request_deadline(D(2026, 1, 1)) == D(2026, 1, 31)
    assert data_request_deadline(D(2026, 2, 10)) == D(2026, 3, 12)


def test_add_years_on_29_february():
    assert add_years(D(2024, 2, 29), 10) == D(2034, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2025, 6, 30), 10) == D(2035, 6, 30)


def test_kept_until_the_latest_day():
    assert kept_until([D(2020, 5, 1), None, D(2023, 1, 15)], 10) == D(2033, 1, 15)
    assert kept_until([None], 10) is None
    assert kept_until([], 10) is None
