import datetime

import pytest
from beneficiary_bidi import bidi_pieces
from beneficiary_rules import (
    RuleError,
    age_on,
    check_national_id,
    hijri_date,
    household_income_per_member,
    id_kind,
    is_minor,
    letter_date,
    letter_date_text,
    normalize_digits,
    normalize_saudi_mobile,
    to_arabic_digits,
)
from stdnum import luhn


def make_id(first_nine):
    return first_nine + luhn.calc_check_digit(first_nine)


VALID_CITIZEN = make_id("108765432")
VALID_RESIDENT = make_id("234567890")


@pytest.mark.parametrize("number", [VALID_CITIZEN, VALID_RESIDENT])
def test_valid_ids_pass(number):
    assert check_national_id(number) == number


def test_arabic_indic_digits_are_normalised():
    arabic = to_arabic_digits(VALID_CITIZEN)
    assert arabic != VALID_CITIZEN
    assert check_national_id(arabic) == VALID_CITIZEN
    persian = VALID_CITIZEN.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert check_national_id(persian) == VALID_CITIZEN


def test_spaces_and_dashes_are_ignored():
    spaced = f"{VALID_CITIZEN[:3]} {VALID_CITIZEN[3:6]}-{VALID_CITIZEN[6:]}"
    assert check_national_id(spaced) == VALID_CITIZEN


def test_bad_checksum():
    last = (int(VALID_CITIZEN[-1]) + 1) % 10
    with pytest.raises(RuleError) as err:
        check_national_id(VALID_CITIZEN[:-1] + str(last))
    assert err.value.code == "checksum"


@pytest.mark.parametrize("first", "03456789")
def test_wrong_prefix(first):
    with pytest.raises(RuleError) as err:
        check_national_id(make_id(first + "08765432"))
    assert err.value.code == "prefix"


@pytest.mark.parametrize("number", ["10876543", "108765432", "10876543210", ""])
def test_wrong_length(number):
    with pytest.raises(RuleError) as err:
        check_national_id(number)
    assert err.value.code == "length" if number else "digits"


def test_letters_refused():
    with pytest.raises(RuleError) as err:
        check_national_id("10876543A1")
    assert err.value.code == "digits"


def test_id_kind():
    assert id_kind(VALID_CITIZEN) == "citizen"
    assert id_kind(VALID_RESIDENT) == "resident"
    assert id_kind("") is False


def test_normalize_digits():
    assert normalize_digits("٠٥٥ ١٢٣ ٤٥٦٧") == "0551234567"
    assert normalize_digits(None) == ""
    # numbers and booleans sent over RPC are read as the text they stand for
    assert normalize_digits(1234567890) == "1234567890"
    assert normalize_digits(False) == ""
    assert normalize_digits(True) == "True"


@pytest.mark.parametrize(
    "raw",
    ["0501234567", "501234567", "+966501234567", "00966501234567", "٠٥٠١٢٣٤٥٦٧", "050-123-4567"],
)
def test_saudi_mobile_forms(raw):
    assert normalize_saudi_mobile(raw) == "+966501234567"


@pytest.mark.parametrize(
    "raw",
    [
        "0112345678",  # Riyadh landline, not a mobile
        "05012345",  # too short
        "+971501234567",  # UAE mobile
        "hello",
        "",
    ],
)
def test_saudi_mobile_refused(raw):
    with pytest.raises(RuleError) as err:
        normalize_saudi_mobile(raw)
    assert err.value.code == "mobile"


def test_income_per_member():
    assert household_income_per_member([3000, 1500, 0], 5) == 900
    assert household_income_per_member([], 1) == 0
    # the household has at least the beneficiary
    assert household_income_per_member([2000], 0) == 2000


def test_age_on():
    birth = datetime.date(2000, 5, 20)
    assert age_on(birth, datetime.date(2026, 5, 19)) == 25
    assert age_on(birth, datetime.date(2026, 5, 20)) == 26
    assert age_on(False, datetime.date(2026, 5, 20)) is None


def test_is_minor():
    birth = datetime.date(2008, 5, 20)
    assert is_minor(birth, datetime.date(2026, 5, 19))
    assert not is_minor(birth, datetime.date(2026, 5, 20))
    assert not is_minor(False, datetime.date(2026, 5, 20)), "an unknown age is not a minor's"


def test_hijri_date_umm_al_qura():
    # 20 November 2025 is 29 Jumada al-Ula 1447 in the Umm al-Qura calendar
    assert hijri_date(datetime.date(2025, 11, 20)) == "1447/05/29"
    assert hijri_date(datetime.datetime(2023, 1, 9, 10, 0)) == "1444/06/16"
    assert hijri_date(datetime.date(2025, 11, 20), arabic_digits=True) == "١٤٤٧/٠٥/٢٩"
    assert hijri_date(None) == ""
    assert hijri_date(datetime.date(1800, 1, 1)) == ""


def test_letter_date_arabic_and_english():
    day = datetime.date(2025, 11, 20)
    # one digit style per document: the Western digits of amounts and references
    assert letter_date(day, arabic=True) == ("1447/05/29 هـ", "2025-11-20 م")
    assert letter_date(day) == ("1447/05/29 AH", "2025-11-20 AD")
    assert letter_date(datetime.datetime(2023, 1, 9, 23, 0), arabic=True) == (
        "1444/06/16 هـ",
        "2023-01-09 م",
    )


def test_letter_date_without_day_or_out_of_range():
    assert letter_date(None, arabic=True) == ("", "")
    assert letter_date(False) == ("", "")
    assert letter_date(datetime.date(1800, 1, 1), arabic=True) == ("", "1800-01-01 م")


def test_letter_date_text_on_one_line():
    day = datetime.date(2025, 11, 20)
    assert letter_date_text(day, arabic=True) == "1447/05/29 هـ الموافق 2025-11-20 م"
    assert letter_date_text(day) == "1447/05/29 AH (2025-11-20 AD)"
    assert letter_date_text(datetime.date(1800, 1, 1)) == "1800-01-01 AD"
    assert letter_date_text(None, arabic=True) == ""


def test_bidi_pieces_split_words_and_runs():
    assert bidi_pieces("السلام عليكم، وبعد:") == ["السلام", " ", "عليكم", "،", " ", "وبعد", ":"]
    assert bidi_pieces("طلب REQ/2026/00005 ضمن") == ["طلب", " ", "REQ/2026/00005", " ", "ضمن"]
    assert bidi_pieces("١٤٤٧/٠٥/٢٩ هـ") == ["١٤٤٧/٠٥/٢٩", " ", "هـ"]
    # diacritics stay with their letters, a Latin word stays whole
    assert bidi_pieces("مُحَمَّد (new)") == ["مُحَمَّد", " ", "(new)"]
    assert bidi_pieces("SR 2,000.00 (new)") == ["SR 2,000.00 (new)"]
    assert bidi_pieces("  ") == ["  "]
    assert bidi_pieces("") == []
