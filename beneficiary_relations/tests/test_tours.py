"""Each role's day, clicked through in headless Chromium as the demo user as
shipped (login and password as in the README), working in Arabic and in
English: the tours check that the screens read in the user's language."""

from odoo.tests import HttpCase, tagged

DEMO_USERS = (
    "beneficiary_relations.user_officer_demo",
    "beneficiary_relations.user_researcher_demo",
    "beneficiary_relations.user_committee1_demo",
    "beneficiary_relations.user_chair_demo",
    "beneficiary_relations.user_accountant_demo",
    "base.user_admin",
)


class RoleTours:
    """The tours, run by the classes below each in its language (``lang``)."""

    lang = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("beneficiary_relations.user_officer_demo", raise_if_not_found=False):
            cls.skipTest(cls, "the module's demo data are not installed")
        cls.env["res.lang"]._activate_lang(cls.lang)
        for xmlid in DEMO_USERS:
            cls.env.ref(xmlid).lang = cls.lang

    def ref(self, xmlid):
        return self.env.ref(f"beneficiary_relations.{xmlid}")

    def url(self, action, record=None):
        return f"/odoo/action-beneficiary_relations.{action}/{record.id if record else 'new'}"

    def test_officer_registers_and_submits(self):
        self.start_tour(
            self.url("beneficiary_request_action"), "beneficiary_officer_day", login="officer"
        )
        request = self.env["beneficiary.request"].search([("reason", "=", "إيجار متأخر منذ شهرين")])
        self.assertEqual(request.state, "submitted")
        self.assertEqual(request.submitted_by_id, self.ref("user_officer_demo"))

    def test_officer_registers_a_file(self):
        self.start_tour(
            self.url("beneficiary_beneficiary_action"),
            "beneficiary_officer_intake",
            login="officer",
        )
        beneficiary = self.env["beneficiary.beneficiary"].search(
            [("national_id", "=", "1555123452")]
        )
        self.assertEqual(beneficiary.name, "سعاد محمد علي الشهري")
        self.assertEqual(beneficiary.mobile, "+966551234567")

    def test_researcher_sends_to_committee(self):
        request = self.ref("beneficiary_request_research_demo")
        self.start_tour(
            self.url("beneficiary_request_action", request),
            "beneficiary_researcher_day",
            login="researcher",
        )
        self.assertEqual(request.state, "committee")
        self.assertEqual(request.research_done_by_id, self.ref("user_researcher_demo"))

    def test_chair_votes_and_closes_the_meeting(self):
        request = self.ref("beneficiary_request_committee_demo")
        meeting = request.meeting_id
        chair = self.ref("user_chair_demo")
        secretary = self.ref("user_committee1_demo")
        member = self.ref("user_committee2_demo")
        # the members' votes, as each of them casts it: committee1 voted in the
        # demo data; the secretary records committee2 present, who votes
        self.assertEqual(
            meeting.vote_ids.filtered(lambda v: v.member_id == secretary).vote, "approve"
        )
        attendee = meeting.attendee_ids.filtered(lambda a: a.user_id == member)
        attendee.with_user(secretary).attendance = "present"
        self.env["beneficiary.committee.vote"].with_user(member).create(
            {"meeting_id": meeting.id, "request_id": request.id, "vote": "approve", "amount": 3000}
        )
        self.start_tour(
            self.url("beneficiary_request_action", request), "beneficiary_chair_day", login="chair"
        )
        self.assertEqual(meeting.state, "closed")
        self.assertEqual(meeting.closed_by_id, chair)
        chair_vote = meeting.vote_ids.filtered(lambda v: v.member_id == chair)
        self.assertEqual((chair_vote.vote, chair_vote.amount), ("approve", 2500))
        self.assertEqual(request.urgent_by_id, chair)
        self.assertEqual(request.urgent_reason, "إنذار بالإخلاء خلال أسبوع")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.approved_amount, 2500)

    def test_committee_member_reviews_the_agenda_and_his_vote(self):
        request = self.ref("beneficiary_request_committee_demo")
        member = self.ref("user_committee1_demo")
        vote = request.meeting_id.vote_ids.filtered(lambda v: v.member_id == member)
        self.start_tour(
            f"/odoo/action-beneficiary_relations.beneficiary_committee_meeting_action/{request.meeting_id.id}",
            "beneficiary_committee_member_day",
            login="committee1",
        )
        self.assertEqual(vote.note, "أوافق بعد الاطلاع على تقرير الزيارة")
        self.assertEqual(vote.vote, "approve")

    def test_accountant_bills(self):
        line = self.env["beneficiary.disbursement"].search(
            [("state", "=", "planned"), ("kind", "=", "cash"), ("method", "=", "bill")], limit=1
        )
        self.assertTrue(line, "the demo data plan a cash installment to bill")
        self.start_tour(
            self.url("beneficiary_disbursement_action", line),
            "beneficiary_accountant_day",
            login="accountant",
        )
        self.assertEqual(line.state, "to_post")

    def test_manager_approves_above_the_threshold(self):
        request = self.ref("beneficiary_request_manager_demo")
        self.start_tour(
            self.url("beneficiary_request_action", request),
            "beneficiary_manager_day",
            login="admin",
        )
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.manager_approved_by_id, self.env.ref("base.user_admin"))

    def test_manager_reads_the_dashboard(self):
        self.start_tour(
            "/odoo/action-beneficiary_relations.beneficiary_dashboard_action",
            "beneficiary_manager_dashboard",
            login="admin",
        )


@tagged("post_install", "-at_install")
class TestRoleToursArabic(RoleTours, HttpCase):
    lang = "ar_001"


@tagged("post_install", "-at_install")
class TestRoleToursEnglish(RoleTours, HttpCase):
    lang = "en_US"
