import pytest
from beneficiary_rules import (
    RuleError,
    check_upload,
    format_tracking_code,
    new_tracking_code,
    normalize_tracking_code,
    parse_amount,
    parse_count,
    too_many,
)

PDF = b"%PDF-1.4\n%..."
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def test_upload_kinds_by_content_and_name():
    assert check_upload(PDF, "هوية.pdf") == "pdf"
    assert check_upload(PNG, "card.PNG") == "png"
    assert check_upload(JPEG, "card.jpeg") == "jpeg"
    assert check_upload(JPEG, "card.jpg") == "jpeg"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "id.pdf", "empty"),
        (b"MZ\x90\x00", "id.pdf", "type"),  # an executable named .pdf
        (PDF, "id.exe", "type"),  # a PDF named otherwise
        (PNG, "id.pdf", "type"),  # content and name disagree
        (b"<html>", "id.html", "type"),
    ],
)
def test_upload_refused(content, name, code):
    with pytest.raises(RuleError) as err:
        check_upload(content, name)
    assert err.value.code == code


def test_upload_size_limit():
    big = PDF + b"0" * (5 * 1024 * 1024)
    with pytest.raises(RuleError) as err:
        check_upload(big, "big.pdf")
    assert err.value.code == "size"
    assert check_upload(big, "big.pdf", max_mb=6) == "pdf"


def test_amounts_in_both_digit_sets():
    assert parse_amount("1500") == 1500.0
    assert parse_amount("١٥٠٠") == 1500.0
    assert parse_amount("١٬٥٠٠٫٥") == 1500.5
    assert parse_amount("1,500.25") == 1500.25
    assert parse_amount("") == 0.0
    assert parse_amount(None) == 0.0


@pytest.mark.parametrize("value", ["abc", "12a", "nan", "inf", "1.2.3"])
def test_amount_refused(value):
    with pytest.raises(RuleError):
        parse_amount(value)


def test_counts():
    assert parse_count("٤", minimum=1) == 4
    assert parse_count("12") == 12
    for value in ("0", "-1", "2.5", "", "100"):
        with pytest.raises(RuleError):
            parse_count(value, minimum=1)


def test_tracking_codes():
    import secrets

    code = new_tracking_code(secrets.randbelow)
    assert len(code) == 10 and code.isalnum() and code == code.upper()
    assert not set(code) & set("01IOL")
    assert format_tracking_code("ABCDEFGHJK") == "ABCD-EFGH-JK"
    assert normalize_tracking_code(" abcd-efgh-jk ") == "ABCDEFGHJK"


def test_rate_limit():
    assert not too_many(2, 3)
    assert too_many(3, 3)
    assert not too_many(1000, 0)


def test_negative_amount_kept_for_the_models_rules():
    assert parse_amount("-500") == -500.0
    assert parse_amount("−٥٠٠") == -500.0


def test_ascii_digits_only():
    from beneficiary_rules import to_ascii_digits

    assert to_ascii_digits("٢٠٢٦-٠١-٠٢") == "2026-01-02"
