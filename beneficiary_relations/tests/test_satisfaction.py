from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_request import SatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(SatisfactionCommon):
    def test_default_survey_shipped(self):
        self.assertEqual(self.program.satisfaction_trigger, "close")
        self.assertEqual(self.program.satisfaction_survey_id, self.survey)
        self.assertEqual(self.survey.access_mode, "token")
        self.assertEqual(self.survey.question_ids.filtered("is_beneficiary_score"), self.q_overall)

    def test_survey_sent_once_on_close(self):
        request = self.decided_request()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.satisfaction_state, "none")
        self.assertFalse(self.answers(request), "no survey before the service is delivered")
        messages = request.message_ids
        partner = request.partner_id
        partner.email = "applicant@example.com"
        Mail = self.env["mail.mail"]
        mails = Mail.search([])

        request.with_user(self.officer).action_close()
        answer = self.answers(request)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, partner)
        self.assertEqual(answer.beneficiary_id, self.beneficiary)
        self.assertEqual(answer.beneficiary_program_id, self.program)
        self.assertEqual(answer.state, "new")
        self.assertEqual(request.satisfaction_state, "sent")
        self.assertIn(answer.access_token, request.with_user(self.officer).satisfaction_survey_url)
        # the link (its token opens the answers) is e-mailed in a mail of its
        # own, as Odoo's survey invitations, not kept in the request's chatter
        invitation = Mail.search([("recipient_ids", "in", partner.ids)]) - mails
        self.assertEqual(len(invitation), 1)
        self.assertIn(answer.access_token, invitation.body_html)
        self.assertFalse(invitation.model)
        self.assertFalse(invitation.res_id)
        self.assertTrue(invitation.auto_delete)
        notice = request.message_ids - messages
        self.assertEqual(len(notice), 1, "the beneficiary is invited once")
        self.assertIn(partner.name, notice.body)
        self.assertNotIn(answer.access_token, notice.body)
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "!=", False), ("body", "ilike", answer.access_token)]
            ),
            "the token is in no message of any record",
        )

        # sending again (or the end-of-program run) does not send a second survey
        self.assertFalse(request._send_satisfaction_survey())
        self.assertEqual(self.answers(request), answer)
        self.assertEqual(len(request.message_ids - messages), 1)
        self.assertEqual(Mail.search([("recipient_ids", "in", partner.ids)]) - mails, invitation)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.survey._create_answer(
                partner=request.partner_id, check_attempts=False, beneficiary_request_id=request.id
            )

    def test_rejected_request_surveyed_on_close_too(self):
        request = self.decided_request(vote="reject")
        self.assertEqual(request.state, "rejected")
        request.action_close()
        self.assertEqual(len(self.answers(request)), 1)

    def test_answer_linked_to_request_and_beneficiary(self):
        request = self.decided_request()
        request.action_close()
        answer = self.answers(request)
        self.answer(answer, 4)
        self.assertEqual(answer.state, "done")
        request.invalidate_recordset(["satisfaction_state"])
        self.assertEqual(request.satisfaction_state, "answered")
        self.assertFalse(request.action_fill_satisfaction_survey(), "answered: nothing to fill in")
        self.assertEqual(request.survey_answer_ids, answer)
        self.env.flush_all()
        row = self.env["beneficiary.satisfaction.report"].search([("request_id", "=", request.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.beneficiary_id, self.beneficiary)
        self.assertEqual(row.program_id, self.program)
        self.assertEqual(row.score, 4)
        self.assertTrue(row.is_answered)

    def test_anonymous_results(self):
        self.program.satisfaction_anonymous = True
        first, second = self.decided_request(), self.decided_request()
        (first | second).action_close()
        self.answer(self.answers(first), 5)
        self.answer(self.answers(second), 2)
        answers = self.answers(first | second)
        self.env.flush_all()
        rows = self.env["beneficiary.satisfaction.report"].search(
            [("program_id", "=", self.program.id), ("is_answered", "=", True)], order="id"
        )
        self.assertEqual(rows.mapped("score"), [2, 5])
        self.assertFalse(rows.request_id)
        self.assertFalse(rows.beneficiary_id)
        # the rows' ids follow what the rows show, not the answers: the later
        # answer comes first, and no id is an answer's (doubled or not)
        self.assertTrue(all(row.id % 2 for row in rows))
        self.assertFalse(set(rows.ids) & {*answers.ids, *(2 * a for a in answers.ids)})

    def test_not_measured_or_consent_withdrawn(self):
        self.program.satisfaction_trigger = "none"
        request = self.decided_request()
        request.action_close()
        self.assertFalse(self.answers(request))
        self.assertEqual(request.satisfaction_state, "none")

        self.program.satisfaction_trigger = "close"
        other = self.decided_request()
        self.beneficiary._own_consent("satisfaction")._withdraw("لا يرغب في الاستبيانات")
        self.assertFalse(self.beneficiary._has_consent("satisfaction"))
        other.action_close()
        self.assertFalse(self.answers(other), "a beneficiary who withdrew consent is not contacted")

    def test_survey_at_program_end(self):
        self.program.write({"satisfaction_trigger": "program_end", "date_end": date(2030, 6, 30)})
        closed = self.decided_request()
        closed.action_close()
        approved = self.decided_request()
        rejected = self.decided_request(vote="reject")
        self.assertFalse(self.answers(closed | approved | rejected), "not sent on closing")

        Program = self.env["beneficiary.program"]
        Program._cron_send_end_of_program_surveys()
        self.assertFalse(self.answers(closed | approved), "the program has not ended yet")
        with freeze_time("2030-07-01"):
            Program._cron_send_end_of_program_surveys()
        self.assertEqual(self.answers(closed | approved).beneficiary_request_id, closed | approved)
        self.assertFalse(self.answers(rejected))
        self.assertEqual(self.program.satisfaction_sent_date, date(2030, 7, 1))
        with freeze_time("2030-07-02"):
            Program._cron_send_end_of_program_surveys()
        self.assertEqual(len(self.answers(closed | approved)), 2, "sent once per request")

    @freeze_time("2026-03-05")
    def test_referral_dated(self):
        request = self.submitted_request()
        request._refer(self.civil_body, "خارج نطاق الجمعية", consent=True)
        self.assertEqual(request.date_referred, date(2026, 3, 5))
