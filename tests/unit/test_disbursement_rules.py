import datetime

import pytest
from beneficiary_rules import RuleError, check_saudi_iban, installment_dates, split_amount

VALID_IBAN = "SA0380000000608010167519"


def test_valid_iban_is_normalised():
    assert check_saudi_iban(VALID_IBAN) == VALID_IBAN
    assert check_saudi_iban("sa03 8000 0000 6080 1016 7519") == VALID_IBAN


def test_iban_with_arabic_digits():
    arabic = "SA٠٣٨٠٠٠٠٠٠٠٦٠٨٠١٠١٦٧٥١٩"
    assert check_saudi_iban(arabic) == VALID_IBAN


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("GB82WEST12345698765432", "country"),
        ("", "country"),
        ("SA03800000006080101675", "length"),
        ("SA038000000060801016751900", "length"),
        ("SA03800000006080101675!9", "characters"),
        ("SAX380000000608010167519", "characters"),
        ("SA0480000000608010167519", "checksum"),
        ("SA0380000000608010167518", "checksum"),
    ],
)
def test_invalid_iban(value, code):
    with pytest.raises(RuleError) as error:
        check_saudi_iban(value)
    assert error.value.code == code


def test_split_amount_adds_up():
    assert split_amount(1000, 3) == [333.33, 333.33, 333.34]
    assert split_amount(3000, 6) == [500.0] * 6
    assert split_amount(250, 1) == [250]
    assert round(sum(split_amount(1234.57, 7)), 2) == 1234.57


@pytest.mark.parametrize(("total", "count"), [(0, 3), (100, 0), (-5, 2), (0.02, 3)])
def test_split_amount_refuses_impossible_plans(total, count):
    with pytest.raises(RuleError):
        split_amount(total, count)


def test_installment_dates_keep_the_day_or_end_of_month():
    dates = installment_dates(datetime.date(2026, 1, 31), 4)
    assert dates == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 4, 30),
    ]


def test_installment_dates_across_years_and_intervals():
    dates = installment_dates(datetime.date(2026, 11, 15), 3, months=2)
    assert dates == [
        datetime.date(2026, 11, 15),
        datetime.date(2027, 1, 15),
        datetime.date(2027, 3, 15),
    ]


def test_installment_dates_up_to_the_end_of_the_calendar():
    assert installment_dates(datetime.date(9999, 11, 30), 2) == [
        datetime.date(9999, 11, 30),
        datetime.date(9999, 12, 30),
    ]
    with pytest.raises(RuleError) as error:
        installment_dates(datetime.date(9999, 12, 1), 2)
    assert error.value.code == "dates"
