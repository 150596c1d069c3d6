"""Business rules that need no database.

Plain functions used by the models and unit-tested without Odoo
(``tests/unit`` at the repository root).  They raise :class:`RuleError`
with a stable ``code``; the models turn codes into translated messages.
"""

import datetime
import re

import phonenumbers
from dateutil.relativedelta import relativedelta
from hijridate import Gregorian, Hijri
from stdnum import iban, luhn
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as NumberError

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
    if not isinstance(value, str):
        # a number or a boolean sent over RPC: validated as the text it stands for
        value = "" if value is None or value is False else str(value)
    value = value.translate(_DIGITS)
    for char in " -\u200e\u200f\u061c\t":
        value = value.replace(char, "")
    return value


def to_ascii_digits(value):
    """Write the Arabic-Indic digits of ``value`` as ASCII digits, nothing else changed."""
    return str(value).translate(_DIGITS)


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


ADULT_AGE = 18
REDACTED = "…"


def redact(text, identities):
    """``text`` without any of ``identities`` (names, ID numbers, mobiles)."""
    for identity in sorted(filter(None, identities), key=len, reverse=True):
        text = text.replace(identity, REDACTED)
    return text


def masked_account_number(number):
    """An account number reduced to its last four characters (XXXX…7519)."""
    compact = re.sub(r"\s", "", number or "")
    return "X" * max(len(compact) - 4, 0) + compact[-4:]


def is_minor(birth_date, day):
    """True when a person born on ``birth_date`` is under 18 on ``day``;
    False when the birth date is unknown."""
    age = age_on(birth_date, day)
    return age is not None and age < ADULT_AGE


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


PERIODS = ("month", "quarter", "hijri_year", "year")


def period_bounds(period, today):
    """The first and last day of the ``period`` that contains ``today``: the
    ``month``, the ``quarter``, the Hijri (Umm al-Qura) year from 1 Muharram
    (``hijri_year``) or the Gregorian ``year``."""
    if period == "month":
        first = today.replace(day=1)
        return first, add_months(first, 1) - datetime.timedelta(days=1)
    if period == "quarter":
        first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        return first, add_months(first, 3) - datetime.timedelta(days=1)
    if period == "year":
        return today.replace(month=1, day=1), today.replace(month=12, day=31)
    if period == "hijri_year":
        year = hijri_year(today)
        first = Hijri(year, 1, 1).to_gregorian()
        last = Hijri(year + 1, 1, 1).to_gregorian() - datetime.timedelta(days=1)
        return first, last
    raise RuleError("period")


def hijri_year(day):
    """The Hijri (Umm al-Qura) year of a Gregorian ``day``."""
    return Gregorian(day.year, day.month, day.day).to_hijri().year


def add_months(day, months):
    """``day`` plus ``months`` months; a day missing in a short month falls on
    its last day."""
    return day + relativedelta(months=months)


def letter_date(day, arabic=False):
    """The date of a letter as Saudi letters write it: ``(hijri, gregorian)``.

    In Arabic ``("1447/05/29 هـ", "2025-11-20 م")``, in English
    ``("1447/05/29 AH", "2025-11-20 AD")``; the Hijri part is ``""`` outside
    the Umm al-Qura range, both are ``""`` without a date.  Every printed
    document, e-mail and notice takes its dates from here, in the digits of
    its amounts, references and ID numbers: one digit style per document.
    """
    if not day:
        return ("", "")
    if isinstance(day, datetime.datetime):
        day = day.date()
    hijri = hijri_date(day)
    if arabic:
        return (f"{hijri} هـ" if hijri else "", f"{day.isoformat()} م")
    return (f"{hijri} AH" if hijri else "", f"{day.isoformat()} AD")


def letter_date_text(day, arabic=False):
    """:func:`letter_date` on one line: ``1447/05/29 هـ الموافق 2025-11-20 م``
    or ``1447/05/29 AH (2025-11-20 AD)``."""
    hijri, gregorian = letter_date(day, arabic)
    if not hijri:
        return gregorian
    return f"{hijri} الموافق {gregorian}" if arabic else f"{hijri} ({gregorian})"


# --- decision window -------------------------------------------------------

# The weekend of an association whose working hours (resource.calendar) say
# no working day at all: Friday and Saturday (date.weekday()).  Otherwise the
# weekend and the public holidays are those of its calendar
# (res.company._working_calendar).
SAUDI_WEEKEND = (4, 5)


def add_working_days(day, count, weekend, holidays=()):
    """``day`` plus ``count`` working days: days that are neither in
    ``weekend`` (weekday numbers, Monday 0) nor in ``holidays`` (dates)."""
    if len(set(weekend)) >= 7:
        raise RuleError("calendar")
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() not in weekend and day not in holidays:
            count -= 1
    return day


def add_period(day, count, unit, weekend, holidays=()):
    """``day`` plus ``count`` ``days``, ``weeks`` or ``working_days`` (of the
    working calendar ``weekend`` and ``holidays``)."""
    if unit == "weeks":
        return day + datetime.timedelta(weeks=count)
    if unit == "working_days":
        return add_working_days(day, count, weekend, holidays)
    if unit == "days":
        return day + datetime.timedelta(days=count)
    raise RuleError("unit")


def decision_window(submitted, earliest, latest, unit, weekend, holidays=()):
    """The (earliest answer, decision deadline) dates of a request submitted
    on ``submitted``: not less than ``earliest`` and not more than ``latest``
    periods of ``unit`` (policy: two to six weeks); working days skip the
    association's ``weekend`` and public ``holidays``."""
    if earliest < 0 or latest < earliest:
        raise RuleError("window")
    return (
        add_period(submitted, earliest, unit, weekend, holidays),
        add_period(submitted, latest, unit, weekend, holidays),
    )


def days_between(first, last):
    """Every day from ``first`` to ``last`` included."""
    days = []
    while first <= last:
        days.append(first)
        first += datetime.timedelta(days=1)
    return days


# --- eligibility -------------------------------------------------------------

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"


def evaluate_eligibility(program, applicant, day):
    """Check an applicant against a program's eligibility policy.

    ``program``: dict with optional keys ``beneficiary_type``,
    ``category_ids`` (a set; any one is enough), ``region``,
    ``max_income_per_member``, ``required_document_type_ids`` (a set),
    ``date_start``, ``date_end``.
    ``applicant``: dict with ``beneficiary_type``, ``category_ids`` (set),
    ``region``, ``income_per_member`` (None when unknown),
    ``valid_document_type_ids`` (set of types with a document valid on
    ``day``), ``consent`` (bool).
    Returns a list of ``(criterion, status, detail)``; ``detail`` is a dict of
    values the caller formats into a message.
    """
    checks = []
    start, end = program.get("date_start"), program.get("date_end")
    if (start and day < start) or (end and day > end):
        checks.append(("period", FAILED, {"start": start, "end": end}))
    else:
        checks.append(("period", PASSED, {"start": start, "end": end}))
    checks.append(("consent", PASSED if applicant.get("consent") else FAILED, {}))
    wanted_type = program.get("beneficiary_type")
    if wanted_type:
        status = PASSED if applicant.get("beneficiary_type") == wanted_type else FAILED
        checks.append(("beneficiary_type", status, {"type": wanted_type}))
    categories = set(program.get("category_ids") or ())
    if categories:
        owned = set(applicant.get("category_ids") or ())
        checks.append(("categories", PASSED if categories & owned else FAILED, {"ids": categories}))
    region = program.get("region")
    if region:
        if not applicant.get("region"):
            checks.append(("region", UNKNOWN, {"region": region}))
        else:
            status = PASSED if applicant["region"] == region else FAILED
            checks.append(("region", status, {"region": region}))
    limit = program.get("max_income_per_member")
    if limit:
        income = applicant.get("income_per_member")
        if income is None:
            checks.append(("income", UNKNOWN, {"limit": limit}))
        else:
            status = PASSED if income <= limit else FAILED
            checks.append(("income", status, {"limit": limit, "income": income}))
    required = set(program.get("required_document_type_ids") or ())
    if required:
        missing = required - set(applicant.get("valid_document_type_ids") or ())
        checks.append(("documents", FAILED if missing else PASSED, {"missing": missing}))
    return checks


def eligibility_outcome(checks):
    """``eligible``, ``not_eligible`` or ``incomplete`` from evaluate_eligibility."""
    statuses = {status for _criterion, status, _detail in checks}
    if FAILED in statuses:
        return "not_eligible"
    if UNKNOWN in statuses:
        return "incomplete"
    return "eligible"


# --- research committee decision --------------------------------------------


def quorum_met(present, members, quorum_type, quorum_value):
    """Whether ``present`` members out of ``members`` make a quorum: at least
    ``quorum_value`` members (``number``) or that share of the members
    (``share``, 0 < value <= 1; a half means at least half)."""
    if members <= 0 or present <= 0:
        return False
    if quorum_type == "number":
        return present >= quorum_value
    if quorum_type == "share":
        return present * 1.0 >= quorum_value * members - 1e-9
    raise RuleError("quorum")


def committee_decision(votes, chair_vote, quorum, requested, program_max, fallback_amount):
    """Decide one request from its votes.

    ``votes``: list of ``(vote, amount)`` with vote ``approve``/``reject``/
    ``abstain`` and amount (None when not stated); ``chair_vote``: the chair's
    vote or None; ``quorum``: whether the meeting has its quorum.
    The majority of cast approve/reject votes decides, abstentions aside; the
    chair's vote breaks a tie.  The approved amount is the amount every
    approving member agreed to (the lowest one stated), else
    ``fallback_amount``, never above ``requested`` nor ``program_max``.
    Returns ``(outcome, amount)``: outcome ``approved``, ``rejected``,
    ``no_quorum``, ``no_votes`` or ``tie`` (tie the chair did not break).
    """
    if not quorum:
        return "no_quorum", 0.0
    approve = [amount for vote, amount in votes if vote == "approve"]
    reject = sum(1 for vote, _amount in votes if vote == "reject")
    if not approve and not reject:
        return "no_votes", 0.0
    if len(approve) > reject:
        outcome = "approved"
    elif reject > len(approve):
        outcome = "rejected"
    elif chair_vote in ("approve", "reject"):
        outcome = "approved" if chair_vote == "approve" else "rejected"
    else:
        return "tie", 0.0
    if outcome == "rejected":
        return outcome, 0.0
    stated = [amount for amount in approve if amount is not None and amount > 0]
    amount = min(stated) if stated else (fallback_amount or requested or 0.0)
    caps = [cap for cap in (requested, program_max) if cap]
    if caps:
        amount = min([amount, *caps])
    return outcome, float(amount)


# --- stakeholders: compensation conditions ------------------------------------

COMPENSATION_CONDITIONS = ("failure", "direct_cause", "proof")


def compensation_missing_conditions(facts):
    """The policy's conditions for compensating a stakeholder that are not
    established, in policy order.

    ``facts``: ``failure`` (the association failed a contractual obligation
    or an approved professional standard), ``direct_cause`` (it directly
    caused the damage), ``proof`` (``acknowledgement`` or ``final_ruling``),
    ``acknowledgement_document`` (bool), ``ruling_authority``,
    ``ruling_reference``, ``ruling_date``.
    """
    missing = []
    if not facts.get("failure"):
        missing.append("failure")
    if not facts.get("direct_cause"):
        missing.append("direct_cause")
    proof = facts.get("proof")
    if proof == "acknowledgement":
        proven = bool(facts.get("acknowledgement_document"))
    elif proof == "final_ruling":
        proven = all(
            facts.get(key) for key in ("ruling_authority", "ruling_reference", "ruling_date")
        )
    else:
        proven = False
    if not proven:
        missing.append("proof")
    return missing


# --- aid disbursement ----------------------------------------------------------


def check_saudi_iban(value):
    """Validate a Saudi IBAN: ``SA``, two check digits, a two-digit bank code
    and eighteen account characters (24 in all), ISO 13616 mod-97 checksum
    (python-stdnum's ``iban``, which knows the Saudi format).

    Spaces and Arabic-Indic digits are accepted.  Returns the IBAN in
    upper case without spaces; raises RuleError with code ``country``,
    ``length``, ``characters`` or ``checksum``: what is wrong is told in
    that order, the check digits and the bank code before the checksum.
    """
    number = iban.compact(normalize_digits(value))
    if not number.startswith("SA"):
        raise RuleError("country")
    if len(number) != 24:
        raise RuleError("length")
    if not number[2:6].isdigit():
        raise RuleError("characters")
    try:
        return iban.validate(number)
    except InvalidChecksum as err:
        raise RuleError("checksum") from err
    except NumberError as err:
        raise RuleError("characters") from err


def split_amount(total, count, digits=2):
    """``total`` split into ``count`` installments rounded to ``digits``
    decimals; the last one takes the rounding difference, so the parts
    always add up to ``total``."""
    if count < 1 or total <= 0:
        raise RuleError("installments")
    part = round(total / count, digits)
    parts = [part] * (count - 1)
    parts.append(round(total - part * (count - 1), digits))
    if parts[-1] <= 0:
        raise RuleError("installments")
    return parts


def installment_dates(first, count, months=1):
    """The due dates of ``count`` installments, ``months`` apart from
    ``first``; a day missing in a short month falls on its last day.
    Raises RuleError ``dates`` when they run past the calendar (year 9999)."""
    try:
        return [add_months(first, index * months) for index in range(count)]
    except ValueError as err:
        raise RuleError("dates") from err


# --- personal data protection (PDPL) -------------------------------------------

BREACH_NOTICE_HOURS = 72


def breach_notice_deadline(discovered):
    """When the authority (SDAIA) must have been told of a personal data breach
    discovered at ``discovered`` (a datetime): 72 hours later."""
    if not discovered:
        return None
    return discovered + datetime.timedelta(hours=BREACH_NOTICE_HOURS)


DATA_REQUEST_DAYS = 30


def data_request_deadline(received):
    """The day a data subject's request (access, copy, correction,
    destruction, objection) received on ``received`` is answered by: within
    30 days of its receipt (PDPL)."""
    return received + datetime.timedelta(days=DATA_REQUEST_DAYS)


def add_years(day, years):
    """``day`` plus ``years`` years; 29 February falls on 28 February."""
    return day + relativedelta(years=years)


def kept_until(days, years):
    """The last day of the retention of records dated ``days``: ``years``
    after the latest of them; None without any day."""
    days = [day for day in days if day]
    return add_years(max(days), years) if days else None


# --- the online channel (public forms and the beneficiary portal) ----------------

UPLOAD_MAX_MB = 5
# what a document sent online may be, told by its first bytes, and the file
# name endings that go with each kind
UPLOAD_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)
UPLOAD_EXTENSIONS = {"pdf": (".pdf",), "jpeg": (".jpg", ".jpeg"), "png": (".png",)}


def check_upload(content, filename, max_mb=UPLOAD_MAX_MB):
    """Return the kind (``pdf``, ``jpeg``, ``png``) of a document sent online.

    The content must be one of these kinds, whatever its name says, and its
    name must end as that kind does.  Raises RuleError ``empty``, ``size``
    (over ``max_mb`` megabytes) or ``type``.
    """
    if not content:
        raise RuleError("empty")
    if len(content) > max_mb * 1024 * 1024:
        raise RuleError("size")
    kind = next((kind for magic, kind in UPLOAD_SIGNATURES if content.startswith(magic)), None)
    if not kind or not (filename or "").lower().endswith(UPLOAD_EXTENSIONS[kind]):
        raise RuleError("type")
    return kind


_AMOUNT_SEPARATORS = str.maketrans({"٫": ".", "٬": "", ",": ""})


def _signed(value):
    """(sign, rest) of a number typed in a form: normalize_digits drops the
    dashes, so a minus sign is read first."""
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, str) and text[:1] in ("-", "\u2212"):
        return -1, text[1:]
    return 1, text


def parse_amount(value):
    """An amount typed in a form (Arabic-Indic digits, Arabic decimal and
    thousands separators accepted); 0.0 when left empty.  A negative amount
    is returned as such, for the models' own rules to refuse.  Raises
    RuleError ``number``."""
    sign, text = _signed(value)
    text = normalize_digits(text).translate(_AMOUNT_SEPARATORS)
    if not text:
        return 0.0
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
        raise RuleError("number")
    return sign * float(text)


def parse_count(value, minimum=0, maximum=99):
    """A whole number typed in a form, between ``minimum`` and ``maximum``.
    Raises RuleError ``number``."""
    sign, text = _signed(value)
    text = normalize_digits(text)
    if sign < 0 or not text.isdigit() or not text.isascii():
        raise RuleError("number")
    if not minimum <= int(text) <= maximum:
        raise RuleError("number")
    return int(text)


# tracking codes of complaints sent online: letters and digits that cannot be
# mistaken for one another, read aloud on the phone or typed on a phone
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10


def new_tracking_code(randbelow):
    """A new tracking code (``randbelow``: ``secrets.randbelow``): about 50
    bits, enough with the rate limit on the tracking page."""
    return "".join(
        TRACKING_ALPHABET[randbelow(len(TRACKING_ALPHABET))] for _ in range(TRACKING_LENGTH)
    )


def normalize_tracking_code(value):
    """A tracking code as typed (spaces, dashes, lower case) in its stored form."""
    return normalize_digits(value).upper()


def format_tracking_code(code):
    """A tracking code shown in groups: ``ABCD-EFGH-JK``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code or ""), 4))


def too_many(recent, limit):
    """Whether ``recent`` attempts already reach ``limit`` (0: no limit)."""
    return bool(limit) and recent >= limit
