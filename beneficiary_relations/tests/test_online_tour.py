"""The beneficiary's story in a real browser, on a phone-sized window: the
Arabic application form, the association's steps, then the portal followed
to the decision letter."""

from odoo import Command
from odoo.tests import tagged

from .common_online import OnlineCommon
from .common_request import VALID_IBAN, DisbursementCommon


@tagged("post_install", "-at_install")
class TestOnlineTour(DisbursementCommon, OnlineCommon):
    browser_size = "390x844"

    def test_apply_on_a_phone_then_follow_to_the_decision_letter(self):
        self.start_tour(f"/ar/beneficiary/apply/{self.program.id}", "beneficiary_online_apply")
        request = self.env["beneficiary.request"].search(
            [("beneficiary_id.national_id", "=", "1899999997")]
        )
        self.assertEqual(request.channel_id, self.website)
        self.assertEqual(request.state, "draft")
        self.assertTrue(request.online_identity_pending)
        beneficiary = request.beneficiary_id
        self.assertEqual(beneficiary.mobile, "+966559876543", "Arabic-Indic digits normalised")
        self.assertEqual(beneficiary.document_ids.attachment_name, "hawiya.pdf")
        self.assertEqual(
            set(beneficiary.consent_ids.mapped("purpose")), {"service", "satisfaction"}
        )
        # the officer sees the applicant, checks the original documents,
        # records the file's category and registers the request
        officer = self.officer
        request.with_user(officer).action_confirm_online_identity()
        beneficiary.document_ids.with_user(officer).action_verify()
        beneficiary.with_user(officer).write({"category_ids": [Command.set(self.widow.ids)]})
        beneficiary.iban = VALID_IBAN
        request.with_user(officer).write(
            {"user_id": officer.id, "researcher_id": self.researcher.id}
        )
        request.with_user(officer).action_submit()
        self.assertEqual(request.state, "submitted")
        # research, committee, decision
        request.with_user(officer).action_start_research()
        request.with_user(self.researcher).write(
            {
                "research_findings": "<p>الأسرة بحاجة للدعم</p>",
                "research_recommendation": "approve",
                "recommended_amount": 1500,
            }
        )
        request.with_user(self.researcher).action_send_to_committee()
        self.registered_days_ago(request, 21)
        meeting = self.open_meeting()
        for member in (self.member, self.member_2):
            self.vote(meeting, request, member, "approve", amount=1500)
        meeting.action_close()
        self.assertEqual(request.state, "approved")
        # the aid, paid through Odoo Accounting
        line = self.plan(request)
        bill = self.bill(line)
        bill.with_user(self.accountant).action_post()
        self.pay(bill)
        self.assertEqual(line.state, "paid")
        self.assertEqual(request.state, "closed", "fully paid")
        # the officer opens the portal to the applicant, who follows his request
        beneficiary.with_user(officer).action_invite_to_portal()
        user = beneficiary.portal_user_id
        self.assertEqual(user.login, "saeed@example.com")
        self.start_tour("/my", "beneficiary_portal_follow", login=user.login)
        self.authenticate(user.login, user.login)
        letter = self.url_open(f"/my/support-requests/{request.id}/letter")
        self.assertEqual(letter.status_code, 200)
        self.assertEqual(letter.headers["Content-Type"], "application/pdf")
