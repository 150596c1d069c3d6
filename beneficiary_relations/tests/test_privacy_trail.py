"""Rectification trail (PDPL): every change to a file's personal data is
kept with who, when, the old and the new value, for the module's roles only."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_request import RequestCommon


@tagged("post_install", "-at_install")
class TestRectificationTrail(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the trail is what tracking records: tracking on, as in production
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))

    def flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def trail(self, beneficiary):
        """{field name: (old, new)} of every tracking value on the file, newest last."""
        values = {}
        for message in beneficiary.message_ids.sorted("id"):
            for tracking in message.sudo().tracking_value_ids:
                formatted = tracking._tracking_value_format()[0]
                values[(tracking.field_id.model, tracking.field_id.name)] = (
                    formatted["oldValue"]["value"],
                    formatted["newValue"]["value"],
                    message.author_id,
                )
        return values

    def test_file_fields_traced(self):
        beneficiary = self.make_complete_beneficiary().with_user(self.officer)
        self.flush_tracking()
        old_id = beneficiary.sudo().national_id
        new_id = self.new_id()
        beneficiary.write(
            {
                "national_id": new_id,
                "birth_date": date(1981, 2, 3),
                "mobile": "0509876543",
                "street": "شارع الملك عبدالعزيز",
                "district": "حي النسيم",
                "category_ids": [Command.set([])],
                "iban": "SA0380000000608010167519",
            }
        )
        self.flush_tracking()
        trail = self.trail(beneficiary)
        model = "beneficiary.beneficiary"
        self.assertEqual(trail[(model, "national_id")][:2], (old_id, new_id))
        self.assertEqual(trail[(model, "national_id")][2], self.officer.partner_id)
        self.assertEqual(trail[(model, "mobile")][1], "+966509876543")
        for name in ("birth_date", "street", "district", "category_ids", "bank_account_id"):
            self.assertIn((model, name), trail, name)

    def test_family_and_documents_traced(self):
        beneficiary = self.make_complete_beneficiary()
        officer_file = beneficiary.with_user(self.officer)
        officer_file.write(
            {
                "family_member_ids": [
                    Command.create(
                        {"name": "سارة", "relation": "daughter", "birth_date": date(2010, 1, 1)}
                    )
                ]
            }
        )
        member = beneficiary.family_member_ids
        self.assertIn("سارة", beneficiary.message_ids[0].body)
        member.with_user(self.officer).write(
            {"birth_date": date(2011, 1, 1), "monthly_income": 300}
        )
        trail = self.trail(beneficiary)
        self.assertEqual(
            trail[("beneficiary.family.member", "birth_date")][:2], ("2010-01-01", "2011-01-01")
        )
        self.assertEqual(trail[("beneficiary.family.member", "monthly_income")][:2], (0.0, 300.0))
        member.with_user(self.officer).unlink()
        self.assertIn("سارة", beneficiary.message_ids[0].body)
        self.assertEqual(
            self.trail(beneficiary)[("beneficiary.family.member", "name")][:2], ("سارة", False)
        )

        document = beneficiary.document_ids[:1].with_user(self.officer)
        document.write({"expiry_date": date(2036, 1, 1)})
        self.assertEqual(
            self.trail(beneficiary)[("beneficiary.document", "expiry_date")][:2],
            ("2035-01-01", "2036-01-01"),
        )

    def test_trail_read_only_by_the_roles(self):
        beneficiary = self.make_complete_beneficiary()
        self.flush_tracking()
        beneficiary.with_user(self.officer).write({"birth_date": date(1979, 5, 5)})
        self.flush_tracking()
        message = beneficiary.message_ids.filtered("tracking_value_ids")[:1]
        self.assertTrue(message)
        with self.assertRaises(AccessError):
            message.with_user(self.internal).read(["body"])
        # the officer's chatter shows the old and new birth date; Odoo shows a
        # tracked value only to who may read the field
        tracking = message.sudo().tracking_value_ids
        self.assertEqual(tracking.field_id.mapped("name"), ["birth_date"])
        self.assertEqual(tracking._filter_has_field_access(self.env(user=self.officer)), tracking)
        self.assertFalse(tracking._filter_has_field_access(self.env(user=self.internal)))
