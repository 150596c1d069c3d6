"""Consent per purpose (PDPL): recorded explicitly, per person and purpose,
by the guardian for a minor; withdrawn only through its action, which stops
new processing for that purpose and tells the officer what is still open."""

import importlib.util
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import file_path

from .common import ShippedUsersCommon
from .common_request import RequestCommon


@tagged("post_install", "-at_install")
class TestConsentPerPurpose(RequestCommon):
    def consents(self, beneficiary, purpose, member=None):
        return beneficiary.consent_ids.filtered(
            lambda c: (
                c.purpose == purpose
                and c.family_member_id == (member or c.family_member_id.browse())
            )
        )

    def test_file_consent_is_the_service_consent(self):
        beneficiary = self.make_complete_beneficiary()
        consent = self.consents(beneficiary, "service")
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.date_given, beneficiary.consent_date)
        self.assertEqual(consent.notice_version, self.company.beneficiary_privacy_notice_version)
        self.assertEqual(beneficiary.consent_state, "given")
        # corrected while in force, never erased
        beneficiary.with_user(self.officer).consent_date = "2025-02-01 10:00:00"
        self.assertEqual(str(consent.date_given), "2025-02-01 10:00:00")
        with self.assertRaisesRegex(UserError, "withdraw it"):
            beneficiary.with_user(self.officer).consent_date = False

    def test_record_consents_with_the_wizard(self):
        beneficiary = self.make_complete_beneficiary(
            family_member_ids=[
                Command.create(
                    {"name": "ابن قاصر", "relation": "son", "birth_date": date(2015, 5, 1)}
                ),
                Command.create(
                    {"name": "ابنة بالغة", "relation": "daughter", "birth_date": date(2000, 5, 1)}
                ),
            ]
        )
        minor, adult = beneficiary.family_member_ids.sorted("birth_date", reverse=True)
        self.assertFalse(beneficiary.is_file_complete)
        self.assertIn(minor.name, beneficiary.missing_info)
        self.assertIn(adult.name, beneficiary.missing_info)

        action = beneficiary.with_user(self.officer).action_record_consent()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.officer).with_context(**action["context"])
        )
        self.assertFalse(wizard.purpose_service, "the service consent is already in force")
        self.assertEqual(set(wizard.family_member_ids.ids), {minor.id, adult.id})
        wizard.purpose_satisfaction = True
        wizard.purpose_referral = True
        wizard.save().action_confirm()

        self.assertTrue(beneficiary._has_consent("satisfaction"))
        self.assertTrue(beneficiary._has_consent("referral"))
        minor_consent = self.consents(beneficiary, "service", minor)
        self.assertEqual(minor_consent.given_by, "guardian")
        self.assertEqual(minor_consent.guardian_name, beneficiary.name)
        self.assertEqual(self.consents(beneficiary, "service", adult).given_by, "subject")
        self.assertEqual(minor_consent.recorded_by_id, self.officer)
        self.assertTrue(beneficiary.is_file_complete)
        self.assertIn("Consent recorded", beneficiary.message_ids[0].body)
        # recording again what is in force is refused, not duplicated
        with self.assertRaises(ValidationError) as refused:
            self.env["beneficiary.consent"].with_user(self.officer).create(
                {"beneficiary_id": beneficiary.id, "purpose": "referral"}
            )
        self.assertIn("already recorded", str(refused.exception))

    def test_minor_consents_through_the_guardian(self):
        beneficiary = self.make_complete_beneficiary(
            family_member_ids=[
                Command.create({"name": "طفل", "relation": "son", "birth_date": date(2018, 1, 1)})
            ]
        )
        Consent = self.env["beneficiary.consent"].with_user(self.officer)
        values = {
            "beneficiary_id": beneficiary.id,
            "family_member_id": beneficiary.family_member_ids.id,
            "purpose": "service",
        }
        # (assertRaises rolls back what the refused create wrote)
        with self.assertRaises(ValidationError) as refused:
            Consent.create(values)
        self.assertIn("minor", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            Consent.create({**values, "given_by": "guardian"})
        self.assertIn("Name the guardian", str(refused.exception))
        consent = Consent.create({**values, "given_by": "guardian", "guardian_name": "الأم"})
        self.assertEqual(consent.state, "given")

    def test_withdrawal_only_through_its_action(self):
        beneficiary = self.make_complete_beneficiary(user_id=self.officer.id)
        consent = self.consents(beneficiary, "service").with_user(self.officer)
        for vals in (
            {"withdrawn_date": "2026-01-01 10:00:00"},
            {"withdrawal_reason": "x"},
            {"recorded_by_id": self.manager.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "step"):
                consent.write(vals)
        with self.assertRaisesRegex(UserError, "no longer be changed"):
            consent.write({"purpose": "health"})
        with self.assertRaises(AccessError):
            consent.unlink()
        with self.assertRaisesRegex(UserError, "never delete"):
            consent.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            consent.with_user(self.member)._withdraw("سبب")
        with self.assertRaisesRegex(UserError, "reason"):
            consent._withdraw(" ")

        request = self.submitted_request(beneficiary_id=beneficiary.id)
        consent._withdraw("طلب المستفيد بخطاب")
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_by_id, self.officer)
        self.assertEqual(beneficiary.consent_state, "withdrawn")
        self.assertEqual(beneficiary.consent_withdrawal_reason, "طلب المستفيد بخطاب")
        # the officer is told what is still open, which is kept
        activity = beneficiary.activity_ids.filtered(lambda a: a.user_id == self.officer)
        self.assertEqual(len(activity), 1)
        self.assertIn(request.name, activity.note)
        self.assertEqual(request.state, "submitted")
        with self.assertRaisesRegex(UserError, "in force"):
            consent._withdraw("مرة أخرى")
        # the withdrawal cannot be undone by a write; a new consent is recorded
        with self.assertRaisesRegex(UserError, "step"):
            beneficiary.with_user(self.officer).write({"consent_withdrawn_date": False})
        beneficiary.with_user(self.officer)._record_consents(["service"])
        self.assertEqual(beneficiary.consent_state, "given")
        self.assertEqual(len(self.consents(beneficiary, "service")), 2)

    def test_referral_needs_its_consent(self):
        request = self.submitted_request()
        with self.assertRaisesRegex(UserError, "did not consent to the sharing"):
            request.with_user(self.officer)._refer(self.civil_body, "خارج النطاق")
        self.assertEqual(request.state, "submitted")
        request.with_user(self.officer)._refer(self.civil_body, "خارج النطاق", consent=True)
        self.assertEqual(request.state, "referred")
        consent = self.consents(self.beneficiary, "referral")
        self.assertEqual(consent.recorded_by_id, self.officer)
        # once withdrawn, the next referral needs the consent again
        consent.with_user(self.officer)._withdraw("لا يرغب في المشاركة")
        other = self.submitted_request()
        with self.assertRaisesRegex(UserError, "did not consent to the sharing"):
            other.with_user(self.officer)._refer(self.civil_body, "خارج النطاق")

    def test_health_data_need_their_consent(self):
        health = self.env["beneficiary.category"].create({"name": "مرض مزمن", "is_health": True})
        beneficiary = self.make_complete_beneficiary()
        beneficiary.with_user(self.officer).category_ids = [Command.link(health.id)]
        self.assertIn("health data", beneficiary.missing_info)
        with self.assertRaisesRegex(UserError, "Beneficiary file"):
            self.submitted_request(beneficiary_id=beneficiary.id)
        beneficiary.with_user(self.officer)._record_consents(["health"], family=False)
        self.assertTrue(beneficiary.is_file_complete)
        # withdrawn: no new health category is recorded
        self.consents(beneficiary, "health").with_user(self.officer)._withdraw("سحب الموافقة")
        other = self.env["beneficiary.category"].create({"name": "إعاقة", "is_health": True})
        with self.assertRaisesRegex(UserError, "withdrew the consent to the processing of health"):
            beneficiary.with_user(self.officer).category_ids = [Command.link(other.id)]
        # removing one is still possible (less data, not more)
        beneficiary.with_user(self.officer).category_ids = [Command.unlink(health.id)]

    def test_migration_carries_the_single_consent_over(self):
        beneficiary = self.make_complete_beneficiary(
            family_member_ids=[
                Command.create(
                    {"name": "طفلة", "relation": "daughter", "birth_date": date(2019, 1, 1)}
                ),
                Command.create(
                    {"name": "زوج", "relation": "spouse", "birth_date": date(1975, 1, 1)}
                ),
            ]
        )
        health = self.env["beneficiary.category"].create({"name": "مرض مزمن", "is_health": True})
        beneficiary.category_ids = [Command.link(health.id)]
        self.env.flush_all()
        # as the release before consents per purpose left it: the file's columns only
        self.env.cr.execute(
            "DELETE FROM beneficiary_consent WHERE beneficiary_id = %s", [beneficiary.id]
        )
        self.env.invalidate_all()
        path = file_path("beneficiary_relations/migrations/18.0.1.1.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("post_migrate_18_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        purposes = {
            (c.purpose, c.family_member_id.name or False, c.given_by)
            for c in beneficiary.consent_ids
        }
        self.assertEqual(
            purposes,
            {
                ("service", False, "subject"),
                ("satisfaction", False, "subject"),
                ("health", False, "subject"),
                ("service", "طفلة", "guardian"),
            },
        )
        self.assertEqual(str(beneficiary.consent_date), "2025-01-01 10:00:00")
        self.assertIn("زوج", beneficiary.missing_info, "the adult's own consent is to be collected")


@tagged("post_install", "-at_install")
class TestConsentAccess(ShippedUsersCommon):
    def test_only_the_officers_read_consents(self):
        consent = self.env["beneficiary.consent"].search(
            [("company_id", "=", self.officer.company_id.id)], limit=1
        )
        self.assertTrue(consent)
        self.assertTrue(self.as_user(self.officer, consent).read(["guardian_national_id"]))
        for user in (self.committee, self.chair, self.accountant, self.env.ref("base.user_demo")):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(user, consent).read(["purpose"])
        with self.assertRaises(AccessError):
            self.as_user(self.committee, consent.beneficiary_id).read(["consent_ids"])

    def test_demo_files_hold_their_consents(self):
        beneficiary = self.ref("beneficiary_08_demo")
        self.assertTrue(beneficiary._has_consent("health"))
        self.assertTrue(beneficiary._has_consent("satisfaction"))
        for member in beneficiary.family_member_ids:
            self.assertTrue(beneficiary._has_consent("service", member), member.name)
        withdrawn = self.ref("beneficiary_11_demo")
        self.assertEqual(withdrawn.consent_state, "withdrawn")
