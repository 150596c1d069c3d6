import base64
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import BeneficiaryCommon, make_id

PDF = base64.b64encode(b"%PDF-1.4 test document")


@tagged("post_install", "-at_install")
class TestNationalId(BeneficiaryCommon):
    def test_valid_citizen_and_resident(self):
        citizen = self.create_beneficiary(national_id=self.new_id("10"))
        resident = self.create_beneficiary(national_id=self.new_id("20"))
        self.assertEqual(citizen.id_kind, "citizen")
        self.assertEqual(citizen.nationality_id, self.env.ref("base.sa"))
        self.assertEqual(resident.id_kind, "resident")
        self.assertFalse(resident.nationality_id)

    def test_bad_checksum(self):
        good = self.new_id()
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.create_beneficiary(national_id=bad)

    def test_wrong_prefix(self):
        with self.assertRaisesRegex(ValidationError, "must start with 1"):
            self.create_beneficiary(national_id=make_id("312345678"))

    def test_nine_and_eleven_digits(self):
        for number in ("191234567", "19123456789"):
            with self.assertRaisesRegex(ValidationError, "exactly 10 digits"):
                self.create_beneficiary(national_id=number)

    def test_letters(self):
        with self.assertRaisesRegex(ValidationError, "digits only"):
            self.create_beneficiary(national_id="19A2345678")

    def test_arabic_indic_digits_normalised(self):
        number = self.new_id()
        arabic = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        beneficiary = self.create_beneficiary(national_id=arabic)
        self.assertEqual(beneficiary.national_id, number)
        # and on write
        other = self.new_id()
        beneficiary.national_id = other.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        self.assertEqual(beneficiary.national_id, other)

    def test_family_member_id_validated(self):
        good = self.new_id()
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.create_beneficiary(
                family_member_ids=[
                    Command.create({"name": "ابن", "relation": "son", "national_id": bad})
                ]
            )

    def test_unique_per_company(self):
        number = self.new_id()
        first = self.create_beneficiary(national_id=number)
        with self.assertRaises(ValidationError) as err:
            self.create_beneficiary(national_id=number)
        self.assertIn(first.code, str(err.exception))
        # editing another file to the same ID is refused too
        second = self.create_beneficiary(national_id=self.new_id())
        with self.assertRaisesRegex(ValidationError, "already registered"):
            second.national_id = number
        # another association (company) may register the same person
        other_company = self.env["res.company"].create({"name": "جمعية أخرى"})
        elsewhere = self.create_beneficiary(national_id=number, company_id=other_company.id)
        self.assertEqual(elsewhere.national_id, number)

    def test_unique_names_only_visible_files(self):
        """The refusal names the existing file only to users who may read it."""
        self.env["ir.rule"].create(
            {
                "name": "test: officers see their own files",
                "model_id": self.env.ref("beneficiary_relations.model_beneficiary_beneficiary").id,
                "domain_force": "[('user_id', '=', user.id)]",
            }
        )
        number = self.new_id()
        first = self.create_beneficiary(
            env=self.env(user=self.officer), national_id=number, user_id=self.officer.id
        )
        with self.assertRaises(ValidationError) as err:
            self.create_beneficiary(env=self.env(user=self.officer_2), national_id=number)
        self.assertNotIn(first.code, str(err.exception))
        self.assertIn("not allowed to see", str(err.exception))
        with self.assertRaises(ValidationError) as err:
            self.create_beneficiary(env=self.env(user=self.officer), national_id=number)
        self.assertIn(first.code, str(err.exception))

    def test_nothing_half_written(self):
        """A batch with one bad file creates nothing, not even the partners."""
        partners = self.env["res.partner"].search_count([])
        files = self.Beneficiary.search_count([])
        with self.assertRaisesRegex(ValidationError, "must have exactly 10 digits"):
            self.Beneficiary.create(
                [
                    {"name": "صحيح", "national_id": self.new_id()},
                    {"name": "خطأ", "national_id": "1234"},
                ]
            )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.Beneficiary.search_count([]), files)


@tagged("post_install", "-at_install")
class TestDuplicates(BeneficiaryCommon):
    def test_member_is_beneficiary_elsewhere(self):
        wife_id = self.new_id()
        husband = self.create_beneficiary(
            name="رب الأسرة",
            national_id=self.new_id(),
            family_member_ids=[
                Command.create({"name": "الزوجة", "relation": "spouse", "national_id": wife_id})
            ],
        )
        wife = self.create_beneficiary(name="الزوجة", national_id=wife_id)
        self.assertTrue(wife.has_possible_duplicate)
        self.assertIn(husband.code, wife.duplicate_warning)
        self.assertTrue(husband.has_possible_duplicate)
        self.assertIn(wife.code, husband.duplicate_warning)
        found = self.Beneficiary.search([("has_possible_duplicate", "=", True)])
        self.assertIn(wife, found)
        self.assertIn(husband, found)
        self.assertNotIn(wife, self.Beneficiary.search([("has_possible_duplicate", "=", False)]))

    def test_member_in_two_files(self):
        child_id = self.new_id()
        first = self.create_beneficiary(
            national_id=self.new_id(),
            family_member_ids=[
                Command.create({"name": "ابن", "relation": "son", "national_id": child_id})
            ],
        )
        second = self.create_beneficiary(
            national_id=self.new_id(),
            family_member_ids=[
                Command.create({"name": "ابن", "relation": "son", "national_id": child_id})
            ],
        )
        self.assertIn(first.code, second.duplicate_warning)
        self.assertIn(second.code, first.duplicate_warning)

    def test_same_mobile_flagged(self):
        first = self.create_beneficiary(mobile="0501112233")
        second = self.create_beneficiary(mobile="+966501112233")
        self.assertIn(first.code, second.duplicate_warning)
        third = self.create_beneficiary(mobile="0501112234")
        self.assertFalse(third.has_possible_duplicate)
        self.assertFalse(third.duplicate_warning)

    def test_own_id_among_members_refused(self):
        number = self.new_id()
        with self.assertRaisesRegex(ValidationError, "own file"):
            self.create_beneficiary(
                national_id=number,
                family_member_ids=[
                    Command.create({"name": "نفسه", "relation": "other", "national_id": number})
                ],
            )

    def test_duplicate_check_does_not_grow_with_files(self):
        """Computing the warnings costs the same queries for 5 or 40 files."""
        files = self.Beneficiary.create(
            [
                {"name": f"ملف {i}", "national_id": self.new_id(), "mobile": f"05011{i:05d}"}
                for i in range(40)
            ]
        )

        def queries(records):
            records.invalidate_recordset()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            records._find_possible_duplicates()
            return self.env.cr.sql_log_count - start

        self.assertEqual(queries(files[:5]), queries(files))


@tagged("post_install", "-at_install")
class TestHouseholdAndContact(BeneficiaryCommon):
    def test_mobile_validated_and_normalised(self):
        beneficiary = self.create_beneficiary(mobile="٠٥٥١٢٣٤٥٦٧")
        self.assertEqual(beneficiary.mobile, "+966551234567")
        self.assertEqual(beneficiary.partner_id.mobile, "+966551234567")
        for bad in ("0112345678", "12345", "+971501234567"):
            with self.assertRaisesRegex(ValidationError, "not a valid Saudi mobile"):
                beneficiary.mobile = bad
        self.assertEqual(beneficiary.mobile, "+966551234567")

    def test_partner_created_as_beneficiary_stakeholder(self):
        beneficiary = self.create_beneficiary(name="نوف سعد", city="حائل")
        self.assertEqual(beneficiary.partner_id.name, "نوف سعد")
        self.assertEqual(beneficiary.partner_id.stakeholder_type, "beneficiary")
        self.assertEqual(beneficiary.partner_id.country_id, self.env.ref("base.sa"))
        self.assertTrue(beneficiary.code.startswith("BEN/"))
        beneficiary.name = "نوف سعد العتيبي"
        self.assertEqual(beneficiary.partner_id.name, "نوف سعد العتيبي")

    def test_income_per_member(self):
        beneficiary = self.create_beneficiary(
            monthly_income=3000,
            monthly_expenses=2000,
            family_member_ids=[
                Command.create({"name": "زوج", "relation": "spouse", "monthly_income": 1500}),
                Command.create({"name": "ابنة", "relation": "daughter"}),
                Command.create(
                    {
                        "name": "أخ",
                        "relation": "brother",
                        "is_dependent": False,
                        "monthly_income": 0,
                    }
                ),
            ],
        )
        self.assertEqual(beneficiary.household_size, 3)
        self.assertEqual(beneficiary.household_income, 4500)
        self.assertEqual(beneficiary.income_per_member, 1500)
        beneficiary.family_member_ids.filtered(
            lambda m: m.relation == "brother"
        ).is_dependent = True
        self.assertEqual(beneficiary.household_size, 4)
        self.assertEqual(beneficiary.income_per_member, 1125)

    def test_negative_amounts_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.create_beneficiary(monthly_income=-1)
        beneficiary = self.create_beneficiary()
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            beneficiary.family_member_ids = [
                Command.create({"name": "ابن", "relation": "son", "monthly_income": -5})
            ]

    @freeze_time("2026-03-01")
    def test_birth_date_hijri_and_age(self):
        beneficiary = self.create_beneficiary(birth_date=date(2000, 3, 2))
        self.assertEqual(beneficiary.age, 25)
        self.assertEqual(beneficiary.birth_date_hijri, "1420/11/25")
        self.env["res.lang"]._activate_lang("ar_001")
        arabic = beneficiary.with_context(lang="ar_001")
        self.assertEqual(arabic.birth_date_hijri, "١٤٢٠/١١/٢٥")
        with self.assertRaisesRegex(ValidationError, "future"):
            beneficiary.birth_date = date(2026, 3, 2)

    def test_form_computes_nationality(self):
        with Form(self.Beneficiary.with_user(self.officer)) as form:
            form.name = "سارة خالد"
            form.national_id = self.new_id("10")
            self.assertEqual(form.nationality_id, self.env.ref("base.sa"))
            form.mobile = "0509998877"
        self.assertEqual(form.record.user_id, self.officer)

    def test_numbers_checked_as_typed(self):
        """A wrong check digit, mobile or IBAN is flagged as it is typed, before
        the file is saved."""
        valid = self.new_id("10")
        wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
        with Form(self.Beneficiary.with_user(self.officer)) as form:
            form.name = "سارة خالد"
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.national_id = wrong
            self.assertIn("check digit", logs.output[0])
            with self.assertNoLogs("odoo.tests.form.onchange", "WARNING"):
                form.national_id = valid
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.mobile = "0412345678"
            self.assertIn("not a valid Saudi mobile", logs.output[0])
            form.mobile = "0509998877"
            with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
                form.iban = "SA0380000000608010167518"
            self.assertIn("check digits", logs.output[0])
            form.iban = False
            with form.family_member_ids.new() as member:
                member.name = "خالد"
                member.relation = "son"
                with self.assertLogs("odoo.tests.form.onchange", "WARNING"):
                    member.national_id = wrong
                member.national_id = self.new_id("10")
        self.assertEqual(form.record.national_id, valid)

    def test_incomplete_file(self):
        beneficiary = self.create_beneficiary()
        self.assertFalse(beneficiary.is_file_complete)
        self.assertIn("Consent", beneficiary.missing_info)
        beneficiary.write(
            {
                "national_id": self.new_id(),
                "mobile": "0507776655",
                "birth_date": date(1980, 1, 1),
                "gender": "female",
                "region": "hail",
                "city": "حائل",
                "consent_date": "2026-01-01 10:00:00",
                "document_ids": [
                    Command.create(
                        {
                            "document_type_id": self.doc_type_income.id,
                            "attachment": PDF,
                        }
                    )
                ],
            }
        )
        self.assertTrue(beneficiary.is_file_complete)
        self.assertFalse(beneficiary.missing_info)
        self.assertIn(beneficiary, self.Beneficiary.search([("is_file_complete", "=", True)]))
        indirect = self.create_beneficiary(beneficiary_type="indirect")
        self.assertTrue(indirect.is_file_complete)


@tagged("post_install", "-at_install")
class TestConsentAndDocuments(BeneficiaryCommon):
    def test_consent_withdrawal(self):
        beneficiary = self.create_beneficiary(consent_date="2026-01-01 10:00:00")
        self.assertEqual(beneficiary.consent_state, "given")
        action = beneficiary.with_user(self.officer).action_withdraw_consent()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        wizard.reason = "طلب خطي من المستفيد"
        wizard.save().action_confirm()
        self.assertEqual(beneficiary.consent_state, "withdrawn")
        self.assertTrue(beneficiary.consent_withdrawn_date)
        self.assertEqual(beneficiary.consent_withdrawal_reason, "طلب خطي من المستفيد")
        self.assertIn("طلب خطي من المستفيد", beneficiary.message_ids[:1].body)
        self.assertIn(beneficiary, self.Beneficiary.search([("consent_state", "=", "withdrawn")]))
        # withdrawing twice is refused, and a renewed consent is recorded
        with self.assertRaisesRegex(UserError, "Only a consent that was given"):
            beneficiary.action_withdraw_consent()
        action = beneficiary.with_user(self.officer).action_record_consent()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        self.assertTrue(wizard.purpose_service, "the withdrawn consent is proposed again")
        wizard.save().action_confirm()
        self.assertEqual(beneficiary.consent_state, "given")

    def test_withdrawal_needs_reason_and_consent(self):
        beneficiary = self.create_beneficiary()
        with self.assertRaisesRegex(UserError, "Only a consent that was given"):
            beneficiary._withdraw_consent("سبب")
        beneficiary.consent_date = "2026-01-01 10:00:00"
        with self.assertRaisesRegex(UserError, "reason"):
            beneficiary._withdraw_consent("  ")
        self.assertEqual(beneficiary.consent_state, "given")

    @freeze_time("2026-06-15")
    def test_document_expiry(self):
        beneficiary = self.create_beneficiary()
        expired, expiring, valid = self.env["beneficiary.document"].create(
            [
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": self.doc_type_id.id,
                    "issue_date": date(2020, 1, 1),
                    "expiry_date": date(2026, 6, 14),
                },
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": self.doc_type_id.id,
                    "issue_date": date(2021, 1, 1),
                    "expiry_date": date(2026, 7, 1),
                },
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": self.doc_type_id.id,
                    "issue_date": date(2025, 1, 1),
                    "expiry_date": date(2030, 1, 1),
                },
            ]
        )
        self.assertEqual(expired.validity, "expired")
        self.assertEqual(expiring.validity, "expiring")
        self.assertEqual(valid.validity, "valid")
        self.assertFalse(expired.is_valid_on(date(2026, 6, 15)))
        self.assertTrue(expired.is_valid_on(date(2026, 6, 14)))
        self.assertEqual(beneficiary.expired_document_count, 1)
        Document = self.env["beneficiary.document"]
        self.assertEqual(
            Document.search([("validity", "=", "expired")]) & beneficiary.document_ids, expired
        )
        self.assertEqual(
            Document.search([("validity", "!=", "expired")]) & beneficiary.document_ids,
            expiring | valid,
        )
        # the search view's "Expired Documents" filter
        today = date(2026, 6, 15).strftime("%Y-%m-%d")
        self.assertIn(
            beneficiary, self.Beneficiary.search([("document_ids.expiry_date", "<", today)])
        )

    def test_document_dates_and_verification(self):
        beneficiary = self.create_beneficiary()
        Document = self.env["beneficiary.document"].with_user(self.officer)
        with self.assertRaisesRegex(ValidationError, "expire before"):
            Document.create(
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": self.doc_type_id.id,
                    "issue_date": date(2025, 1, 1),
                    "expiry_date": date(2024, 1, 1),
                }
            )
        with self.assertRaisesRegex(ValidationError, "need an expiry date"):
            Document.create(
                {"beneficiary_id": beneficiary.id, "document_type_id": self.doc_type_id.id}
            )
        with self.assertRaisesRegex(ValidationError, "future"):
            Document.create(
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": self.doc_type_income.id,
                    "issue_date": date.today() + timedelta(days=3),
                }
            )
        document = Document.create(
            {"beneficiary_id": beneficiary.id, "document_type_id": self.doc_type_income.id}
        )
        with self.assertRaisesRegex(UserError, "Attach the scanned document"):
            document.action_verify()
        document.attachment = PDF
        document.action_verify()
        self.assertEqual(document.verified_by_id, self.officer)
        self.assertTrue(document.verified_date)
        # a changed document must be verified again
        document.issue_date = date(2025, 5, 1)
        self.assertFalse(document.verified_by_id)
        self.assertFalse(document.verified_date)
