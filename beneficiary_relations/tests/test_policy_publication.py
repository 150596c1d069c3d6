"""The policy circulated and reviewed: the approved version published as a
public page and PDF, the archive of superseded versions, the review date
with its reminder."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MessageChecks


@tagged("post_install", "-at_install")
class TestPolicyPublication(MessageChecks, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "br_policy_manager", groups="beneficiary_relations.group_manager"
        )
        cls.officer = new_test_user(
            cls.env, "br_policy_officer", groups="beneficiary_relations.group_relations_officer"
        )
        cls.policy = cls.env["stakeholder.policy"].create(
            {
                "name": "سياسة الشكاوى التجريبية",
                "version": "1.0",
                "scope": "complaints",
                "text": "<p>نرد على كل شكوى خلال عشرة أيام.</p>",
                "board_meeting_number": "7",
                "board_approval_date": date(2025, 1, 9),
                "implementing_officer_id": cls.officer.id,
            }
        )

    def approved(self, policy):
        policy.with_user(self.manager).action_approve()
        return policy

    def test_only_an_approved_version_is_published(self):
        with self.assertRaisesRegex(
            ValidationError, "Only a version approved by the board is published"
        ):
            self.policy.is_published = True
        self.assertEqual(self.url_open(f"/beneficiary/policies/{self.policy.id}").status_code, 404)
        self.approved(self.policy)
        with self.assertRaises(AccessError):
            self.policy.with_user(self.officer).is_published = True
        self.policy.with_user(self.manager).is_published = True
        response = self.url_open("/ar/beneficiary/policies")
        self.assertIn(self.policy.name, response.text)
        response = self.url_open(f"/ar/beneficiary/policies/{self.policy.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("نرد على كل شكوى خلال عشرة أيام", response.text)
        self.assertIn("1446/07/09 هـ", response.text, "the approval date in Hijri too")
        pdf = self.url_open(f"/beneficiary/policies/{self.policy.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        # (the tests render reports as HTML: its text is readable here)
        self.assertIn("نرد على كل شكوى خلال عشرة أيام".encode(), pdf.content)

    def test_new_version_replaces_it_and_the_old_stays_in_the_archive(self):
        self.approved(self.policy).is_published = True
        new = self.env["stakeholder.policy"].browse(
            self.policy.with_user(self.manager).action_new_version()["res_id"]
        )
        self.assertFalse(new.is_published, "a draft is not published")
        new.write(
            {"version": "2.0", "text": "<p>نرد خلال سبعة أيام.</p>", "board_meeting_number": "9"}
        )
        self.approved(new)
        self.assertEqual(self.policy.state, "superseded")
        self.assertTrue(new.is_published, "the new version replaces the published one")
        listing = self.url_open("/beneficiary/policies").text
        self.assertIn(f"/beneficiary/policies/{new.id}", listing)
        self.assertNotIn(f'/beneficiary/policies/{self.policy.id}"', listing)
        page = self.url_open(f"/beneficiary/policies/{new.id}").text
        self.assertIn(f"/beneficiary/policies/{self.policy.id}", page, "the archive")
        old = self.url_open(f"/beneficiary/policies/{self.policy.id}")
        self.assertEqual(old.status_code, 200)
        self.assertIn(f"/beneficiary/policies/{new.id}", old.text, "replaced by")

    def test_review_reminder(self):
        self.approved(self.policy)
        summary = "Review the policy with the board"
        Policy = self.env["stakeholder.policy"]
        self.policy.review_date = fields.Date.today() + timedelta(days=90)
        Policy._cron_review_reminders()
        self.assertFalse(self.policy.activity_ids.filtered(lambda a: a.summary == summary))
        self.policy.review_date = fields.Date.today() + timedelta(days=25)
        Policy._cron_review_reminders()
        Policy._cron_review_reminders()
        reminders = self.policy.activity_ids.filtered(lambda a: a.summary == summary)
        self.assertEqual(len(reminders), 1, "one reminder, not one a day")
        self.assertEqual(reminders.user_id, self.officer)
        self.assertEqual(reminders.date_deadline, self.policy.review_date)
        # the review ends with a new version approved: the reminder is done
        review = reminders.activity_type_id
        new = self.env["stakeholder.policy"].browse(
            self.policy.with_user(self.manager).action_new_version()["res_id"]
        )
        new.write({"version": "2.0", "board_meeting_number": "9"})
        self.assertTrue(reminders.exists(), "a draft of the new version is no review yet")
        self.approved(new)
        self.assertFalse(reminders.exists())
        self.assertTrue(
            self.policy.message_ids.filtered(lambda m: m.mail_activity_type_id == review),
            "its completion is in the chatter",
        )
