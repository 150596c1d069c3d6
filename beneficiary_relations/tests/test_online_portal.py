"""The beneficiary's portal: each beneficiary reads and acts on his own
records only, by URL as by RPC."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_online import PDF_BYTES, OnlineCommon


@tagged("post_install", "-at_install")
class TestBeneficiaryPortal(OnlineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.file_a = cls.beneficiary
        cls.file_a.user_id = cls.officer
        cls.file_b = cls.make_complete_beneficiary()
        cls.user_a = cls.file_a._portal_user()
        cls.user_b = cls.file_b._portal_user()
        cls.request_a = cls.request_at_committee()
        cls.request_b = cls.request_at_committee(beneficiary_id=cls.file_b.id)
        meeting = cls.open_meeting()
        for request in cls.request_a | cls.request_b:
            for member in (cls.member, cls.member_2):
                cls.env["beneficiary.committee.vote"].with_user(member).create(
                    {
                        "meeting_id": meeting.id,
                        "request_id": request.id,
                        "member_id": member.id,
                        "vote": "approve",
                        "amount": 2000,
                    }
                )
        meeting.action_close()
        cls.draft_a = cls.make_request(requested_amount=900)
        cls.complaint_b = cls.env["stakeholder.complaint"].create(
            {
                "partner_id": cls.file_b.partner_id.id,
                "channel_id": cls.website.id,
                "category": "aid_delay",
                "description": "<p>تأخر الصرف</p>",
            }
        )
        cls.consent_b = cls.file_b.consent_ids[:1]

    def login(self, user):
        self.authenticate(user.login, user.login)

    def test_pages_list_only_his_records(self):
        self.login(self.user_a)
        pages = {
            "/my/support-requests": (self.request_a.name, self.request_b.name),
            "/my/complaints": (None, self.complaint_b.name),
            "/my/beneficiary": (self.file_a.code, self.file_b.code),
        }
        for url, (own, other) in pages.items():
            with self.subTest(url=url):
                html, _page = self.open_page(url)
                if own:
                    self.assertIn(own, html)
                self.assertNotIn(other, html)
        html, _page = self.open_page("/my/consents")
        self.assertNotIn(self.file_b.name, html)
        counters = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["support_request_count"]}}),
            headers={"Content-Type": "application/json"},
        ).json()["result"]
        self.assertEqual(counters["support_request_count"], 2)

    def test_request_page_and_letter(self):
        self.assertEqual(self.request_a.state, "approved")
        self.login(self.user_a)
        html, _page = self.open_page(f"/my/support-requests/{self.request_a.id}")
        self.assertIn("o_br_decision", html)
        self.assertIn(f"/my/support-requests/{self.request_a.id}/letter", html)
        response = self.url_open(f"/my/support-requests/{self.request_a.id}/letter")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # (the tests render reports as HTML: its text is readable here)
        self.assertIn(self.request_a.name.encode(), response.content)
        # the download is in the access log, as printed by the beneficiary
        log = self.env["beneficiary.access.log"].search(
            [("user_id", "=", self.user_a.id), ("beneficiary_id", "=", self.file_a.id)]
        )
        self.assertTrue(log)
        # no letter before the decision
        response = self.url_open(f"/my/support-requests/{self.draft_a.id}/letter")
        self.assertEqual(response.status_code, 404)
        html, _page = self.open_page(f"/my/support-requests/{self.draft_a.id}")
        self.assertIn("o_br_problems", html, "his own draft says what is missing")

    def test_other_records_by_url_are_forbidden(self):
        self.login(self.user_a)
        document_b = self.file_b.document_ids[:1]
        forbidden = [
            f"/my/support-requests/{self.request_b.id}",
            f"/my/support-requests/{self.request_b.id}/letter",
            f"/my/beneficiary-documents/{document_b.id}/file",
            f"/my/complaints/{self.complaint_b.id}",
        ]
        for url in forbidden:
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 403)
        _html, page = self.open_page("/my/consents")
        response = self.url_open(
            f"/my/consents/{self.consent_b.id}/withdraw", data={**page, "reason": "لا أريد"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.consent_b.state, "given")
        self.assertEqual(self.url_open("/my/support-requests/999999").status_code, 404)
        # his own document downloads
        response = self.url_open(
            f"/my/beneficiary-documents/{self.file_a.document_ids[:1].id}/file"
        )
        self.assertEqual(response.status_code, 200)
        # and a complaint's tracking code opens it without an account
        self.complaint_b.access_token = "ABCDEFGHJK"
        self.authenticate(None, None)
        response = self.url_open(f"/my/complaints/{self.complaint_b.id}?access_token=ABCDEFGHJK")
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/my/complaints/{self.complaint_b.id}?access_token=WRONGWRONG")
        self.assertEqual(response.status_code, 403)

    def test_other_records_by_rpc_are_refused(self):
        others = {
            "request": self.request_b,
            "file": self.file_b,
            "document": self.file_b.document_ids[:1],
            "consent": self.consent_b,
            "complaint": self.complaint_b,
        }
        for name, record in others.items():
            with self.subTest(record=name), self.assertRaises(AccessError):
                record.with_user(self.user_a).read(["display_name"])
        Request = self.env["beneficiary.request"].with_user(self.user_a)
        self.assertEqual(Request.search([]), self.request_a | self.draft_a)
        # his own: readable, not writable, internal notes and research hidden
        own = self.request_a.with_user(self.user_a)
        self.assertEqual(own.read(["state"])[0]["state"], "approved")
        for field in ("note", "research_findings", "recommended_amount"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                own.read([field])
        with self.assertRaises(AccessError):
            own.write({"reason": "تعديل"})
        with self.assertRaises(AccessError):
            self.file_a.with_user(self.user_a).read(["national_id"])
        # the same through the web client's RPC
        self.login(self.user_a)
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "params": {
                        "model": "beneficiary.request",
                        "method": "read",
                        "args": [[self.request_b.id], ["name"]],
                        "kwargs": {},
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertEqual(response["error"]["data"]["name"], "odoo.exceptions.AccessError")

    def test_withdraw_own_consent(self):
        consent = self.file_a._own_consent("service")
        self.login(self.user_a)
        _html, page = self.open_page("/my/consents")
        response = self.url_open(f"/my/consents/{consent.id}/withdraw", data={**page, "reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertShows(
            response, self.arabic(self.ar._("Give the reason the consent was withdrawn."))
        )
        self.assertEqual(consent.state, "given")
        response = self.url_open(
            f"/my/consents/{consent.id}/withdraw", data={**page, "reason": "انتقلت إلى مدينة أخرى"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_by_id, self.user_a)
        self.assertEqual(consent.withdrawal_reason, "انتقلت إلى مدينة أخرى")
        self.assertEqual(self.file_a.consent_state, "withdrawn")
        self.assertTrue(
            self.file_a.activity_ids.filtered(lambda a: a.user_id == self.officer),
            "the file's officer is told what is still open",
        )

    def test_send_a_document(self):
        family_card = self.env.ref("beneficiary_relations.document_type_family_card")
        self.login(self.user_a)
        _html, page = self.open_page("/my/beneficiary-documents")
        values = {**page, "document_type_id": str(family_card.id), "beneficiary_id": self.file_a.id}
        bad = self.url_open(
            "/my/beneficiary-documents",
            data=values,
            files={"attachment": ("card.exe", b"MZ\x90", "application/octet-stream")},
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn('id="attachment_error"', bad.text)
        if family_card.has_expiry:
            no_expiry = self.url_open(
                "/my/beneficiary-documents",
                data=values,
                files={"attachment": ("card.pdf", PDF_BYTES, "application/pdf")},
            )
            self.assertEqual(no_expiry.status_code, 400)
            self.assertIn('id="expiry_date_error"', no_expiry.text)
        before = len(self.file_a.document_ids)
        response = self.url_open(
            "/my/beneficiary-documents",
            data={**values, "expiry_date": "2031-02-02", "beneficiary_id": self.file_b.id},
            files={"attachment": ("card.pdf", PDF_BYTES, "application/pdf")},
        )
        self.assertEqual(response.status_code, 200, response.text[-6000:])
        self.assertEqual(len(self.file_a.document_ids), before + 1, "in his own file only")
        document = self.file_a.document_ids.filtered(lambda d: d.document_type_id == family_card)
        self.assertFalse(document.verified_by_id, "the officer verifies it")
        verification = self.env.ref(
            "beneficiary_relations.mail_activity_type_document_verification"
        )
        reminder = self.file_a.activity_ids.filtered(lambda a: a.activity_type_id == verification)
        self.assertEqual(reminder.user_id, self.file_a.user_id)
        # verified, with nothing else left to verify: the reminder is done
        unverified = self.file_a.document_ids.filtered(
            lambda d: d.attachment and not d.verified_by_id
        )
        (unverified - document).with_user(self.officer).action_verify()
        self.assertTrue(reminder.exists(), "a document sent online is still to verify")
        document.with_user(self.officer).action_verify()
        self.assertFalse(reminder.exists())

    def test_data_subject_request(self):
        self.login(self.user_a)
        _html, page = self.open_page("/my/data-requests")
        response = self.url_open("/my/data-requests", data={**page, "description": "نسخة"})
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="kind_error"', response.text)
        response = self.url_open(
            "/my/data-requests", data={**page, "kind": "copy", "description": "نسخة من بياناتي"}
        )
        self.assertEqual(response.status_code, 200)
        data_request = self.env["beneficiary.data.request"].search(
            [("beneficiary_id", "=", self.file_a.id)]
        )
        self.assertEqual((data_request.kind, data_request.state), ("copy", "received"))
        self.assertEqual(data_request.channel_id, self.website)
        self.assertIn(data_request.name, self.url_open("/my/data-requests").text)

    def test_satisfaction_surveys(self):
        survey = self.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        answer = survey._create_answer(
            partner=self.file_a.partner_id,
            check_attempts=False,
            beneficiary_request_id=self.request_a.id,
        )
        self.login(self.user_a)
        html, _page = self.open_page("/my/satisfaction")
        self.assertIn(answer.access_token, html)
        self.login(self.user_b)
        html, _page = self.open_page("/my/satisfaction")
        self.assertNotIn(answer.access_token, html)

    def test_invitation(self):
        beneficiary = self.make_complete_beneficiary(email="newcomer@example.com")
        with self.assertRaises(AccessError):
            beneficiary.with_user(self.internal).action_invite_to_portal()
        action = beneficiary.with_user(self.officer).action_invite_to_portal()
        user = beneficiary.portal_user_id
        self.assertTrue(user.share)
        self.assertEqual(user.groups_id, self.env.ref("base.group_portal"), "portal rights only")
        self.assertEqual(user.login, "newcomer@example.com")
        wizard = (
            self.env["beneficiary.portal.invite"]
            .with_user(self.officer)
            .with_context(**action["context"])
            .create({})
        )
        token = wizard.signup_url.split("token=")[1].split("&")[0]
        self.assertEqual(
            self.env["res.partner"]._get_partner_from_token(token), beneficiary.partner_id
        )
        self.assertEqual(self.url_open(wizard.signup_url).status_code, 200)
        wizard.action_send_email()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", beneficiary.partner_id.ids)])
        self.assertIn("token=", mail[:1].body_html)
        self.assertFalse(
            beneficiary.message_ids.filtered(lambda m: "token=" in (m.body or "")),
            "the link is not kept in the file's chatter",
        )
        # a second invitation reuses the account
        beneficiary.with_user(self.officer).action_invite_to_portal()
        self.assertEqual(beneficiary.portal_user_id, user)
        # no portal before the consent
        other = self.create_beneficiary(mobile="0559998887")
        with self.assertRaisesRegex(UserError, "has not consented to the processing"):
            other.with_user(self.officer).action_invite_to_portal()
        # the demo's portal user has his own file
        demo = self.env.ref("beneficiary_relations.user_beneficiary_demo", raise_if_not_found=False)
        if demo:
            self.assertEqual(
                demo.partner_id,
                self.env.ref("beneficiary_relations.beneficiary_09_demo").partner_id,
            )
        self.assertEqual(user.company_ids, beneficiary.company_id)

    def test_anonymisation_closes_the_access(self):
        login = self.user_b.login
        self.assertIn(self.file_b.mobile, login)
        self.file_b.with_user(self.manager)._anonymise()
        self.assertFalse(self.user_b.active)
        self.assertNotEqual(self.user_b.login, login, "his login, his mobile, is erased")
        self.assertFalse(self.env["res.users"].search([("login", "=", login)]))

    def test_pages_queries_do_not_grow_with_his_records(self):
        """Each portal page runs as many queries for a beneficiary with many
        requests, documents and consents as for one with a few."""
        pages = ("/my/support-requests", "/my/beneficiary-documents", "/my/consents", "/my")
        self.login(self.user_a)

        def counts():
            found = {}
            for url in pages:
                self.open_page(url)  # caches, session and assets warm
                self.env.flush_all()
                start = self.cr.sql_log_count
                self.open_page(url)
                found[url] = self.cr.sql_log_count - start
            return found

        few = counts()
        self.assertTrue(all(few.values()), few)
        requests = self.env["beneficiary.request"]
        for amount in range(500, 1100, 100):
            requests |= self.make_request(requested_amount=amount)
        self.env["beneficiary.document"].create(
            [
                {
                    "beneficiary_id": self.file_a.id,
                    "document_type_id": self.doc_type_income.id,
                    "name": f"كشف راتب {month}",
                }
                for month in range(1, 7)
            ]
        )
        self.assertEqual(counts(), few)
        html, _page = self.open_page("/my/support-requests")
        for name in requests.mapped("name"):
            self.assertIn(name, html)
