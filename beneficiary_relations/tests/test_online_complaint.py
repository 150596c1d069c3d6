"""The stakeholders' side online (seed 002): the complaint and information
request form with its tracking code, the contact officers, the e-mail alias,
and the back office's figures per channel."""

import re
from datetime import timedelta
from email.header import Header

from lxml import etree

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from ..tools import validated_mobile
from .common_online import OnlineCommon


@tagged("post_install", "-at_install")
class TestOnlineComplaints(OnlineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer.partner_id.phone = "+966 16 532 0011"
        cls.area = cls.env["stakeholder.work.area"].create(
            {"name": "خدمات المستفيدين", "contact_officer_id": cls.officer.id}
        )
        cls.url = f"/ar/beneficiary/complaint?association={cls.env.company.id}"

    def send(self, values, url=None):
        url = url or self.url
        _html, page = self.open_page(url)
        return self.url_open(url, data={**page, **values})

    def test_anonymous_complaint_followed_with_its_code(self):
        before = self.counts()
        response = self.send(
            {
                "anonymous": "1",
                "name": "لا يُحفظ",
                "category": "staff_conduct",
                "work_area_id": str(self.area.id),
                "description": "تعامل غير لائق من موظف الاستقبال",
                "confidential": "1",
            }
        )
        self.assertEqual(response.status_code, 200, response.text[:3000])
        complaint = self.env["stakeholder.complaint"].search([], order="id desc", limit=1)
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id)
        self.assertTrue(complaint.is_confidential)
        self.assertEqual(complaint.channel_id, self.website)
        self.assertEqual(complaint.user_id, self.officer, "the work area's contact officer")
        self.assertEqual(self.counts()["res.partner"], before["res.partner"], "no contact made")
        code = re.search(r"o_br_tracking_code[^>]*>([^<]*)<", response.text).group(1)
        self.assertEqual(code.replace("-", ""), complaint.access_token)
        # followed up without an account, the code typed as people type it
        _html, page = self.open_page("/beneficiary/complaint/track")
        response = self.url_open(
            "/beneficiary/complaint/track", data={**page, "code": f" {code.lower()} "}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(complaint.name, response.text)
        response = self.url_open(
            "/beneficiary/complaint/track",
            data={**page, "code": code, "follow_up": "حدث ذلك صباح الأحد"},
        )
        self.assertEqual(response.status_code, 200)
        note = complaint.message_ids.filtered(lambda m: "حدث ذلك صباح الأحد" in (m.body or ""))
        self.assertTrue(note)
        self.assertIn(self.officer.partner_id, note.partner_ids, "the officer is told")
        # the answer, once resolved
        complaint.action_review()
        complaint.write({"resolution": "upheld", "resolution_note": "<p>اعتذرنا ونبهنا الموظف</p>"})
        complaint.action_resolve()
        response = self.url_open("/beneficiary/complaint/track", data={**page, "code": code})
        self.assertIn("اعتذرنا ونبهنا الموظف", response.text)
        # a wrong code tells nothing
        response = self.url_open(
            "/beneficiary/complaint/track", data={**page, "code": "AAAABBBBCC"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(complaint.name, response.text)

    def test_named_complaint_and_its_checks(self):
        existing = self.env["res.partner"].create(
            {"name": "صاحب البريد", "email": "someone@example.com"}
        )
        with self.assertRaises(ValidationError) as error:
            validated_mobile(self.ar, "12")
        for typed, field, message in (
            ({"mobile": "12"}, "mobile", error.exception.args[0]),
            ({"name": ""}, "name", None),
            ({"category": ""}, "category", None),
            ({"description": ""}, "description", None),
            ({"mobile": "", "email": ""}, "mobile", None),
            ({"human_answer": "99"}, "human_answer", None),
        ):
            with self.subTest(field=field, typed=typed):
                before = self.counts()
                response = self.send(
                    {
                        "name": "فهد سالم",
                        "mobile": "0551234000",
                        "email": "someone@example.com",
                        "category": "information_request",
                        "description": "أطلب بيانًا بالمساعدات التي استلمتها",
                        **typed,
                    }
                )
                self.assertEqual(response.status_code, 400)
                shown = re.search(rf'id="{field}_error"[^>]*>([^<]*)<', response.text)
                self.arabic(shown.group(1))
                if message:
                    self.assertEqual(shown.group(1), str(self.arabic(message)))
                self.assertEqual(self.counts(), before)
        response = self.send(
            {
                "name": "فهد سالم",
                "mobile": "0551234000",
                "email": "someone@example.com",
                "stakeholder_type": "supplier_client",
                "category": "information_request",
                "description": "أطلب بيانًا بالمساعدات التي استلمتها",
            }
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["stakeholder.complaint"].search([], order="id desc", limit=1)
        # a new contact, never the one found by the address typed
        self.assertNotEqual(complaint.partner_id, existing)
        self.assertEqual(complaint.partner_id.name, "فهد سالم")
        self.assertEqual(complaint.partner_id.mobile, "+966551234000")
        self.assertEqual(complaint.stakeholder_type, "supplier_client")
        self.assertEqual(
            complaint.date_deadline,
            complaint.date_received.date()
            + timedelta(days=self.env.company.information_request_days),
            "information requests are answered in the days set for them",
        )
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: complaint.partner_id in m.partner_ids),
            "the notice of receipt",
        )

    def test_portal_user_files_in_his_name(self):
        user = self.beneficiary._portal_user()
        other = self.make_complete_beneficiary()
        request = self.make_request()
        other_request = self.make_request(beneficiary_id=other.id)
        self.authenticate(user.login, user.login)
        html, _page = self.open_page(self.url)
        self.assertNotIn("human_token", html)
        self.assertIn(request.name, html)
        self.assertNotIn(other_request.name, html)
        response = self.send(
            {
                "category": "aid_delay",
                "request_id": str(other_request.id),
                "description": "لم تصلني المساعدة",
                "confidential": "1",
            }
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["stakeholder.complaint"].search([], order="id desc", limit=1)
        self.assertEqual(complaint.partner_id, self.beneficiary.partner_id)
        self.assertFalse(complaint.request_id, "only his own requests can be named")
        html, _page = self.open_page("/my/complaints")
        self.assertIn(complaint.name, html)

    def test_contact_officers_page(self):
        html, _page = self.open_page(
            f"/beneficiary/contact-officers?association={self.env.company.id}"
        )
        self.assertIn(self.area.name, html)
        self.assertIn(self.officer.name, html)
        self.assertIn("+966 16 532 0011", html)

    def test_tracking_rate_limit(self):
        self.env["beneficiary.online.attempt"].search([]).unlink()
        self.env["ir.config_parameter"].set_param(
            "beneficiary_relations.online_attempts_per_ip_hour", 2
        )
        _html, page = self.open_page("/beneficiary/complaint/track")
        statuses = [
            self.url_open(
                "/beneficiary/complaint/track", data={**page, "code": f"AAAABBBB{n}{n}"}
            ).status_code
            for n in range(2, 5)
        ]
        self.assertEqual(statuses, [404, 404, 429])

    def test_mail_to_the_alias_becomes_a_complaint(self):
        company = self.env.company
        company._set_complaint_alias("shakawa")
        alias = company.complaint_alias_id
        self.assertEqual(alias.alias_model_id.model, "stakeholder.complaint")
        mail = (
            "From: Saleh Alharbi <saleh@example.com>\r\n"
            f"To: shakawa@{company.alias_domain_id.name or 'example.org'}\r\n"
            f"Subject: {Header('تأخر الصرف', 'utf-8').encode()}\r\n"
            "Message-ID: <complaint-1@example.com>\r\n"
            "Date: Sun, 1 Mar 2026 09:00:00 +0300\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n"
            "\r\n"
            "لم أستلم المساعدة المقررة منذ شهرين.\r\n"
        )
        complaint_id = self.env["mail.thread"].message_process(False, mail.encode())
        complaint = self.env["stakeholder.complaint"].browse(complaint_id)
        self.assertEqual(complaint._name, "stakeholder.complaint")
        self.assertEqual(complaint.company_id, company)
        self.assertEqual(complaint.channel_id, self.env.ref("beneficiary_relations.channel_email"))
        self.assertEqual(complaint.partner_id.email, "saleh@example.com")
        self.assertFalse(complaint.is_anonymous)
        self.assertIn("تأخر الصرف", complaint.description)
        self.assertIn("لم أستلم المساعدة", complaint.description)
        self.assertNotEqual(complaint.name, "تأخر الصرف", "its own reference")
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: complaint.partner_id in m.partner_ids and m.message_type == "comment"
            ),
            "the sender gets the notice of receipt",
        )
        # renamed, then removed from the settings
        settings = self.env["res.config.settings"].create({"complaint_alias_name": "shakawa-hail"})
        settings.execute()
        self.assertEqual(alias.alias_name, "shakawa-hail")
        settings = self.env["res.config.settings"].create({"complaint_alias_name": False})
        settings.execute()
        self.assertFalse(company.complaint_alias_id)
        self.assertFalse(alias.exists())

    def test_sender_known_in_another_association(self):
        """A sender known as a contact of another association is recorded in
        this one: the complaint does not link the two associations' records."""
        company = self.env.company
        company._set_complaint_alias("shakawa")
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        foreign = self.env["res.partner"].create(
            {"name": "Saleh Alharbi", "email": "saleh@example.com", "company_id": other.id}
        )
        mail = (
            "From: Saleh Alharbi <saleh@example.com>\r\n"
            f"To: shakawa@{company.alias_domain_id.name or 'example.org'}\r\n"
            "Subject: late aid\r\n"
            "Message-ID: <complaint-2@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "No aid for two months.\r\n"
        )
        complaint = self.env["stakeholder.complaint"].browse(
            self.env["mail.thread"].message_process(False, mail.encode())
        )
        self.assertEqual(complaint.company_id, company)
        self.assertNotEqual(complaint.partner_id, foreign)
        self.assertEqual(complaint.partner_id.email, "saleh@example.com")
        self.assertEqual(complaint.partner_id.company_id, company)
        self.assertFalse(complaint.is_anonymous)
        self.assertEqual(foreign.company_id, other, "the other association's contact is untouched")

    def test_online_figures_per_channel(self):
        phone = self.env.ref("beneficiary_relations.channel_phone")
        Complaint = self.env["stakeholder.complaint"]
        complaints = Complaint.create(
            [
                {
                    "is_anonymous": True,
                    "channel_id": channel.id,
                    "category": "other",
                    "description": "<p>ملاحظة</p>",
                }
                for channel in (self.website, self.website, phone)
            ]
        )
        today = fields.Date.today()
        kpis = self.env["beneficiary.kpi"].with_user(self.manager)._compute_kpis(today, today)
        by_channel = {row["label"]: row["count"] for row in kpis["complaints"]["by_channel"]}
        self.assertEqual(by_channel[self.website.display_name], 2)
        self.assertEqual(by_channel[phone.display_name], 1)
        # the back office's own filter lists what came online, and only that
        online = {
            "stakeholder.complaint": complaints[:2],
            "beneficiary.request": self.make_request(channel_id=self.website.id),
        }
        offline = {
            "stakeholder.complaint": complaints[2],
            "beneficiary.request": self.make_request(),
        }
        for model, records in online.items():
            with self.subTest(model=model):
                arch = self.env[model].get_view(view_type="search")["arch"]
                domain = etree.fromstring(arch).xpath("//filter[@name='online']")[0].get("domain")
                found = self.env[model].search(safe_eval(domain))
                self.assertLessEqual(records, found)
                self.assertFalse(offline[model] & found)
