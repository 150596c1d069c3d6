from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_request import RequestCommon


@tagged("post_install", "-at_install", "beneficiary_access")
class TestRequestAccess(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.make_request(user_id=cls.officer.id, researcher_id=False)
        cls.unassigned = cls.make_request(user_id=False, researcher_id=False)
        cls.others = cls.make_request(user_id=cls.officer_2.id, researcher_id=False)
        cls.researched = cls.make_request(user_id=cls.officer_2.id, researcher_id=cls.researcher.id)
        cls.on_agenda = cls.request_at_committee(user_id=cls.officer_2.id)
        cls.meeting = cls.open_meeting()
        cls.waiting = cls.request_at_committee(user_id=cls.officer_2.id)
        cls.all = (
            cls.own | cls.unassigned | cls.others | cls.researched | cls.on_agenda | cls.waiting
        )

    def visible(self, user):
        return self.env["beneficiary.request"].with_user(user).search([("id", "in", self.all.ids)])

    def test_officer_sees_own_and_unassigned(self):
        self.assertEqual(self.visible(self.officer), self.own | self.unassigned)
        with self.assertRaises(AccessError):
            self.others.with_user(self.officer).read(["name"])
        with self.assertRaises(AccessError):
            self.others.with_user(self.officer).write({"reason": "تعديل"})

    def test_researcher_sees_assigned(self):
        visible = self.visible(self.researcher)
        self.assertIn(self.researched, visible)
        self.assertIn(self.on_agenda, visible)
        self.assertNotIn(self.others, visible)
        with self.assertRaises(AccessError):
            self.others.with_user(self.researcher).read(["name"])

    def test_committee_member_sees_agendas_only(self):
        self.assertEqual(self.visible(self.member), self.on_agenda)
        with self.assertRaises(AccessError):
            self.waiting.with_user(self.member).read(["name"])
        with self.assertRaises(AccessError):
            self.on_agenda.with_user(self.member).write({"reason": "تعديل"})
        self.assertFalse(self.visible(self.outsider))
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.outsider).read(["name"])

    def test_manager_sees_all(self):
        self.assertEqual(self.visible(self.manager), self.all)

    def test_votes_visible_to_the_committee_only(self):
        vote = self.vote(self.meeting, self.on_agenda, self.member, "approve")
        self.assertEqual(vote.with_user(self.chair).vote, "approve")
        self.assertEqual(vote.with_user(self.manager).vote, "approve")
        for user in (self.outsider, self.officer):
            with self.assertRaises(AccessError):
                vote.with_user(user).read(["vote"])
        with self.assertRaises(AccessError):
            vote.with_user(self.manager).write({"vote": "reject"})

    def test_meeting_run_by_chair_and_secretary(self):
        self.meeting.with_user(self.chair).write({"minutes": "<p>محضر</p>"})
        self.meeting.with_user(self.member).write({"location": "مقر الجمعية"})  # secretary
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.member_2).write({"location": "مكان آخر"})
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.officer).write({"location": "مكان آخر"})

    def test_programs_managed_by_manager(self):
        with self.assertRaises(AccessError):
            self.program.with_user(self.officer).write({"max_amount": 1})
        with self.assertRaises(AccessError):
            self.committee.with_user(self.chair).write({"manager_threshold": 1})
        self.program.with_user(self.manager).write({"max_amount": 3500})
