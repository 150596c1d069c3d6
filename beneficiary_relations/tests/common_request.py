import base64
from datetime import date, timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from .common import BeneficiaryCommon

PDF = base64.b64encode(b"%PDF-1.4 test document")


class RequestCommon(BeneficiaryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_2 = new_test_user(
            cls.env, "br_member_2", groups="beneficiary_relations.group_committee_member"
        )
        cls.outsider = new_test_user(
            cls.env, "br_outsider", groups="beneficiary_relations.group_committee_member"
        )
        cls.channel = cls.env.ref("beneficiary_relations.channel_interview")
        cls.widow = cls.env.ref("beneficiary_relations.category_widow")
        cls.program = cls.env["beneficiary.program"].create(
            {
                "name": "إعانة نقدية",
                "program_type": "cash",
                "max_amount": 3000,
                "category_ids": [Command.set(cls.widow.ids)],
                "max_income_per_member": 2000,
                "required_document_type_ids": [Command.set(cls.doc_type_id.ids)],
            }
        )
        cls.committee = cls.env["beneficiary.committee"].create(
            {
                "name": "لجنة البحث",
                "member_ids": [Command.set([cls.member.id, cls.member_2.id, cls.chair.id])],
                "chair_id": cls.chair.id,
                "secretary_id": cls.member.id,
                "quorum_type": "share",
                "quorum_value": 0.5,
                "manager_threshold": 2500,
                "program_ids": [Command.set(cls.program.ids)],
            }
        )
        cls.civil_body = cls.env["res.partner"].create(
            {"name": "جمعية مختصة", "is_company": True, "stakeholder_type": "civil"}
        )
        cls.beneficiary = cls.make_complete_beneficiary()

    @classmethod
    def make_complete_beneficiary(cls, **vals):
        values = {
            "national_id": cls.new_id(),
            "mobile": f"0501{cls.serial:06d}",
            "birth_date": date(1980, 1, 1),
            "gender": "female",
            "region": "hail",
            "city": "حائل",
            "monthly_income": 1500,
            "consent_date": "2025-01-01 10:00:00",
            "category_ids": [Command.set(cls.widow.ids)],
            "document_ids": [
                Command.create(
                    {
                        "document_type_id": cls.doc_type_id.id,
                        "attachment": PDF,
                        "issue_date": date(2024, 1, 1),
                        "expiry_date": date(2035, 1, 1),
                        "verified_by_id": cls.officer.id,
                        "verified_date": "2025-01-02 10:00:00",
                    }
                )
            ],
            **vals,
        }
        return cls.create_beneficiary(**values)

    @classmethod
    def make_request(cls, env=None, **vals):
        env = env or cls.env
        values = {
            "beneficiary_id": cls.beneficiary.id,
            "program_id": cls.program.id,
            "channel_id": cls.channel.id,
            "requested_amount": 2000,
            "reason": "تعثر في سداد الإيجار",
            "user_id": cls.officer.id,
            "researcher_id": cls.researcher.id,
            **vals,
        }
        return env["beneficiary.request"].create(values)

    @classmethod
    def submitted_request(cls, **vals):
        request = cls.make_request(**vals)
        request.action_sign_declaration()
        request.action_submit()
        return request

    @classmethod
    def request_at_committee(cls, visit_date=False, **vals):
        request = cls.submitted_request(**vals)
        request.action_start_research()
        request.write(
            {
                "research_visit_date": visit_date,
                "research_findings": "<p>الأسرة بحاجة للدعم</p>",
                "research_recommendation": "approve",
                "recommended_amount": request.requested_amount,
            }
        )
        request.action_send_to_committee()
        cls.registered_days_ago(request, 21)
        return request

    @classmethod
    def registered_days_ago(cls, requests, days):
        """As if ``requests`` had been registered ``days`` ago (the policy's
        two weeks before a decision have then passed when ``days`` >= 14)."""
        today = date.today()
        requests.write(
            {
                "date_submitted": today - timedelta(days=days),
                "date_earliest_answer": today - timedelta(days=days - 14),
                "date_deadline": today - timedelta(days=days - 42),
            }
        )

    @classmethod
    def open_meeting(cls, absent=()):
        meeting = cls.env["beneficiary.committee.meeting"].create(
            {"committee_id": cls.committee.id}
        )
        meeting.attendee_ids.filtered(lambda a: a.user_id in absent).attendance = "absent"
        meeting.action_add_pending_requests()
        meeting.action_start()
        return meeting

    def vote(self, meeting, request, user, vote, amount=0.0, note=False):
        return (
            self.env["beneficiary.committee.vote"]
            .with_user(user)
            .create(
                {
                    "meeting_id": meeting.id,
                    "request_id": request.id,
                    "member_id": user.id,
                    "vote": vote,
                    "amount": amount,
                    "note": note,
                }
            )
        )


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


VALID_IBAN = "SA0380000000608010167519"


@tagged("post_install", "-at_install")
class DisbursementCommon(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, "br_accountant", groups="base.group_user,account.group_account_invoice"
        )
        cls.expense_account = cls.env["account.account"].create(
            {"name": "Aid expenses", "code": "519900", "account_type": "expense"}
        )
        cls.program.write({"aid_account_id": cls.expense_account.id, "max_amount": 0})
        cls.beneficiary.iban = VALID_IBAN

    @classmethod
    def approved_request(cls, amount=1000, **vals):
        request = cls.request_at_committee(requested_amount=amount, **vals)
        request._apply_committee_decisions({request: ("approved", amount, "")})
        return request

    @classmethod
    def plan(cls, request, **vals):
        wizard = (
            cls.env["beneficiary.disbursement.plan"]
            .with_user(cls.officer)
            .with_context(active_ids=request.ids)
            .create(vals)
        )
        wizard.action_confirm()
        return request.disbursement_ids.filtered(lambda d: not d.cancelled)

    def bill(self, lines):
        lines.with_user(self.accountant).action_create_documents()
        return lines.move_ids.filtered(lambda m: m.state != "cancel")

    def pay(self, bills, amount=None):
        vals = {"payment_date": fields.Date.today()}
        if amount is not None:
            vals["amount"] = amount
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=bills.ids)
            .create(vals)
        )
        return wizard._create_payments()
