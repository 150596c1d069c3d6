from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BeneficiaryCommon


@tagged("post_install", "-at_install", "beneficiary_access")
class TestBeneficiaryAccess(BeneficiaryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.beneficiary = cls.create_beneficiary(
            national_id=cls.new_id(),
            monthly_income=2500,
            category_ids=[cls.env.ref("beneficiary_relations.category_chronic_illness").id],
            family_member_ids=[(0, 0, {"name": "ابنة", "relation": "daughter"})],
            document_ids=[(0, 0, {"document_type_id": cls.doc_type_income.id})],
        )
        cls.partner = cls.beneficiary.partner_id

    def test_internal_user_cannot_read_files(self):
        beneficiary = self.beneficiary.with_user(self.internal)
        with self.assertRaises(AccessError):
            beneficiary.read(["name"])
        with self.assertRaises(AccessError):
            beneficiary.read(["national_id"])
        with self.assertRaises(AccessError):
            self.env["beneficiary.beneficiary"].with_user(self.internal).search([])
        with self.assertRaises(AccessError):
            self.env["beneficiary.beneficiary"].with_user(self.internal).create({"name": "x"})
        for model in ("beneficiary.family.member", "beneficiary.document", "beneficiary.category"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.internal).search([])

    def test_internal_user_cannot_reach_files_through_partner(self):
        # the contact itself is hidden (it tells who is a beneficiary) ...
        with self.assertRaises(AccessError):
            self.partner.with_user(self.internal).read(["name"])
        Partner = self.env["res.partner"].with_user(self.internal)
        self.assertNotIn(self.partner, Partner.search([]))
        # ... and so are the link to the file and the beneficiary status
        with self.assertRaises(AccessError):
            Partner.search([("beneficiary_ids.national_id", "=", self.beneficiary.national_id)])
        with self.assertRaises(AccessError):
            Partner.search([("stakeholder_type", "=", "beneficiary")])
        self.assertNotIn("beneficiary_ids", Partner.fields_get())
        self.assertNotIn("stakeholder_type", Partner.fields_get())

    def test_officer_and_researcher(self):
        for user in (self.officer, self.researcher):
            beneficiary = self.beneficiary.with_user(user)
            self.assertEqual(beneficiary.national_id, self.beneficiary.national_id)
            self.assertEqual(beneficiary.income_per_member, 1250)
            self.assertTrue(beneficiary.family_member_ids)
            self.assertTrue(beneficiary.document_ids)
            beneficiary.write({"district": "حي النسيم"})
            created = self.create_beneficiary(env=self.env(user=user), national_id=self.new_id())
            self.assertEqual(created.create_uid, user)
            with self.assertRaises(AccessError):
                created.unlink()
            with self.assertRaises(AccessError):
                beneficiary.document_ids.unlink()
            # master data is read-only for them
            channel = self.env.ref("beneficiary_relations.channel_phone").with_user(user)
            self.assertTrue(channel.name)
            with self.assertRaises(AccessError):
                channel.write({"name": "هاتف"})
            with self.assertRaises(AccessError):
                self.env["beneficiary.category"].with_user(user).create({"name": "فئة"})

    def test_committee_reads_no_file_off_its_agenda(self):
        """Committee members read a file only while it is before their
        committee (test_privacy_leaks); this one is on no agenda."""
        for user in (self.member, self.chair):
            beneficiary = self.beneficiary.with_user(user)
            for model in ("beneficiary.beneficiary", "beneficiary.family.member"):
                self.assertFalse(self.env[model].with_user(user).search([]))
            with self.assertRaises(AccessError):
                beneficiary.read(["national_id"])
            with self.assertRaises(AccessError):
                beneficiary.write({"district": "حي"})
            with self.assertRaises(AccessError):
                self.create_beneficiary(env=self.env(user=user))
            with self.assertRaises(AccessError):
                self.beneficiary.family_member_ids.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.beneficiary.document_ids.with_user(user).read(["name"])

    def test_manager(self):
        beneficiary = self.create_beneficiary(env=self.env(user=self.manager))
        self.env["beneficiary.channel"].with_user(self.manager).create(
            {"name": "قناة جديدة", "code": "new_channel"}
        )
        beneficiary.unlink()
        self.assertFalse(beneficiary.exists())

    def test_other_company_files_hidden(self):
        other_company = self.env["res.company"].create({"name": "جمعية أخرى"})
        elsewhere = self.create_beneficiary(company_id=other_company.id)
        with self.assertRaises(AccessError):
            elsewhere.with_user(self.officer).read(["name"])
        self.assertNotIn(
            elsewhere, self.env["beneficiary.beneficiary"].with_user(self.officer).search([])
        )
