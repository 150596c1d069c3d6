"""Business rules that need no database.

Plain functions used by the models and unit-tested without Odoo
(``tests/unit`` at the repository root).  They raise :class:`RuleError`
with a stable ``code``; the models turn codes into translated messages.
"""

import datetime

import phonenumbers
from hijridate import Gregorian
from stdnum import luhn

# Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0..) digits
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_ASCII_TO_ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


class RuleError(ValueError):
    """A value broke a rule; ``code`` tells which."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def normalize_digits(value):
    """Return ``value`` with Arabic-Indic digits turned into ASCII digits and
    spaces, dashes and bidirectional marks removed."""
    value = (value or "").translate(_DIGITS)
    for char in " -\u200e\u200f\u061c\t":
        value = value.replace(char, "")
    return value


def to_arabic_digits(value):
    """Write the ASCII digits of ``value`` as Arabic-Indic digits."""
    return str(value).translate(_ASCII_TO_ARABIC)


def check_national_id(value):
    """Validate a Saudi national ID (first digit 1) or iqama (first digit 2).

    Ten digits, Luhn checksum over all ten.  Returns the normalised ID;
    raises RuleError with code ``digits``, ``length``, ``prefix`` or
    ``checksum``.
    """
    number = normalize_digits(value)
    if not number.isdigit() or not number.isascii():
        raise RuleError("digits")
    if len(number) != 10:
        raise RuleError("length")
    if number[0] not in "12":
        raise RuleError("prefix")
    if not luhn.is_valid(number):
        raise RuleError("checksum")
    return number


def id_kind(national_id):
    """``citizen`` for a national ID, ``resident`` for an iqama."""
    if not national_id:
        return False
    return "citizen" if national_id[0] == "1" else "resident"


def normalize_saudi_mobile(value):
    """Return a Saudi mobile number as ``+9665XXXXXXXX``.

    Accepts local (05..), national (5..) and international (+966 / 00966)
    forms with Arabic-Indic digits.  Raises RuleError ``mobile`` when it is
    not a valid Saudi mobile number.
    """
    number = normalize_digits(value)
    if number.startswith("00"):
        number = "+" + number[2:]
    try:
        parsed = phonenumbers.parse(number, "SA")
    except phonenumbers.NumberParseException as err:
        raise RuleError("mobile") from err
    if (
        parsed.country_code != 966
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise RuleError("mobile")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def household_income_per_member(incomes, household_size):
    """Monthly income per household member: the sum of ``incomes`` divided
    by ``household_size`` (at least one person, the beneficiary)."""
    return sum(incomes or ()) / max(household_size, 1)


def age_on(birth_date, day):
    """Age in whole years on ``day``; ``None`` without a birth date."""
    if not birth_date:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def hijri_date(day, arabic_digits=False):
    """Umm al-Qura date of a Gregorian ``day`` as ``YYYY/MM/DD``; ``""``
    outside the calendar's range or without a date."""
    if not day:
        return ""
    if isinstance(day, datetime.datetime):
        day = day.date()
    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    text = f"{hijri.year:04d}/{hijri.month:02d}/{hijri.day:02d}"
    return to_arabic_digits(text) if arabic_digits else text
