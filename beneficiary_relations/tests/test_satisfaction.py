from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_request import RequestCommon


class SatisfactionCommon(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        cls.q_overall = cls.env.ref(
            "beneficiary_relations.survey_beneficiary_satisfaction_q_overall"
        )
        cls.beneficiary._record_consents(["satisfaction"], family=False)

    def decided_request(self, vote="approve", **vals):
        request = self.request_at_committee(**vals)
        meeting = self.open_meeting()
        amount = request.requested_amount if vote == "approve" else 0.0
        for member in (self.member, self.member_2):
            self.vote(meeting, request, member, vote, amount, note="قرار اللجنة")
        meeting.action_close()
        return request

    @staticmethod
    def answers(requests):
        return requests.env["survey.user_input"].search(
            [("beneficiary_request_id", "in", requests.ids)]
        )

    @staticmethod
    def answer(answer, score):
        question = answer.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")
        answer._save_lines(question, score)
        answer._mark_done()


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

        request.with_user(self.officer).action_close()
        answer = self.answers(request)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, request.partner_id)
        self.assertEqual(answer.beneficiary_id, self.beneficiary)
        self.assertEqual(answer.beneficiary_program_id, self.program)
        self.assertEqual(answer.state, "new")
        self.assertEqual(request.satisfaction_state, "sent")
        self.assertIn(answer.access_token, request.satisfaction_survey_url)
        notice = request.message_ids - messages
        self.assertEqual(len(notice), 1, "the beneficiary is invited once")
        self.assertIn(request.partner_id, notice.partner_ids)
        self.assertIn(answer.access_token, notice.body)

        # sending again (or the end-of-program run) does not send a second survey
        self.assertFalse(request._send_satisfaction_survey())
        self.assertEqual(self.answers(request), answer)
        self.assertEqual(len(request.message_ids - messages), 1)
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
        row = self.env["beneficiary.satisfaction.report"].search([("id", "=", answer.id)])
        self.assertEqual(row.request_id, request)
        self.assertEqual(row.beneficiary_id, self.beneficiary)
        self.assertEqual(row.program_id, self.program)
        self.assertEqual(row.score, 4)
        self.assertTrue(row.is_answered)

    def test_anonymous_results(self):
        self.program.satisfaction_anonymous = True
        request = self.decided_request()
        request.action_close()
        answer = self.answers(request)
        self.answer(answer, 2)
        self.env.flush_all()
        row = self.env["beneficiary.satisfaction.report"].search([("id", "=", answer.id)])
        self.assertEqual(row.score, 2)
        self.assertEqual(row.program_id, self.program)
        self.assertFalse(row.request_id)
        self.assertFalse(row.beneficiary_id)

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
