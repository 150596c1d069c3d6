import datetime

import pytest
from beneficiary_rules import RuleError, add_months, hijri_year, period_bounds

D = datetime.date


def test_month_and_quarter():
    assert period_bounds("month", D(2026, 2, 14)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert period_bounds("month", D(2026, 12, 6)) == (D(2026, 12, 1), D(2026, 12, 31))
    assert period_bounds("quarter", D(2026, 12, 6)) == (D(2026, 10, 1), D(2026, 12, 31))
    assert period_bounds("quarter", D(2026, 1, 1)) == (D(2026, 1, 1), D(2026, 3, 31))


def test_gregorian_and_hijri_year():
    assert period_bounds("year", D(2026, 12, 6)) == (D(2026, 1, 1), D(2026, 12, 31))
    # 1 Muharram 1448 is 16 June 2026 in the Umm al-Qura calendar
    assert hijri_year(D(2026, 12, 6)) == 1448
    assert period_bounds("hijri_year", D(2026, 12, 6)) == (D(2026, 6, 16), D(2027, 6, 5))
    assert period_bounds("hijri_year", D(2026, 6, 15))[1] == D(2026, 6, 15)


def test_unknown_period():
    with pytest.raises(RuleError):
        period_bounds("week", D(2026, 12, 6))


def test_add_months_keeps_the_end_of_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
