"""The public application form of a program, sent as a browser sends it."""

import re

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import validated_mobile, validated_national_id
from .common_online import PDF_BYTES, OnlineCommon


@tagged("post_install", "-at_install")
class TestApplicationForm(OnlineCommon):
    def find_request(self, national_id):
        return self.env["beneficiary.request"].search(
            [("beneficiary_id.national_id", "=", national_id)]
        )

    def test_form_in_arabic_and_english(self):
        html, page = self.open_page(f"/ar/beneficiary/apply/{self.program.id}")
        self.assertIn('dir="rtl"', html)
        self.assertIn(self.program.name, html)
        self.assertIn("csrf_token", page)
        self.assertIn("human_token", page)
        self.assertRegex(html, 'class="o_br_question"[^>]*>[٠-٩]')
        html, _page = self.open_page(f"/en/beneficiary/apply/{self.program.id}")
        self.assertIn('dir="ltr"', html)
        self.assertIn("Send my application", html)
        # a program closed to online applications has no form
        self.program.apply_online = False
        self.open_page(f"/beneficiary/apply/{self.program.id}", status=404)

    def test_valid_application_opens_file_and_request(self):
        # the officers' notes are written in the language of the program's manager
        self.manager.lang = "en_US"
        self.program.user_id = self.manager
        values = self.application_values(email="saeed@example.com", consent_health="1")
        before = self.counts()
        response = self.apply(values)
        self.assertEqual(response.status_code, 200, response.text[:3000])
        request = self.find_request(values["national_id"])
        self.assertEqual(len(request), 1)
        self.assertShows(response, request.name)
        beneficiary = request.beneficiary_id
        # the file holds what was typed, normalised by the registry's rules
        self.assertEqual(beneficiary.name, values["name"])
        self.assertEqual(beneficiary.mobile, validated_mobile(self.env, values["mobile"]))
        self.assertEqual(beneficiary.birth_date, fields.Date.to_date("1985-05-05"))
        self.assertEqual(beneficiary.monthly_income, 1200)
        self.assertEqual((beneficiary.region, beneficiary.city), ("hail", "حائل"))
        self.assertEqual(beneficiary.channel_id, self.website)
        self.assertFalse(beneficiary.user_id, "the file waits in the officers' queue")
        # consents per purpose, as chosen, with the channel and notice version
        consents = beneficiary.consent_ids
        self.assertEqual(set(consents.mapped("purpose")), {"service", "satisfaction", "health"})
        self.assertEqual(consents.channel_id, self.website)
        self.assertEqual(
            set(consents.mapped("notice_version")),
            {self.env.company.beneficiary_privacy_notice_version},
        )
        self.assertEqual(beneficiary.consent_state, "given")
        # the document sent, to be verified against its original
        document = beneficiary.document_ids
        self.assertEqual(document.document_type_id, self.doc_type_id)
        self.assertEqual(document.attachment_name, "hawiya.pdf")
        self.assertFalse(document.verified_by_id)
        # the request: website channel, online declaration, terms, identity to confirm
        self.assertEqual(request.channel_id, self.website)
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.requested_amount, 1500)
        self.assertEqual(request.declaration_method, "online")
        self.assertTrue(request.declaration_signed)
        self.assertEqual(request.declaration_by, values["name"])
        self.assertTrue(request.terms_accepted_date)
        self.assertTrue(request.online_identity_pending)
        self.assertIn(values["name"], request.online_application)
        # what is missing is listed for the officer: the identity, the verification
        problems = request._submission_problems(fields.Date.today())
        self.assertIn(
            "The identity of the applicant who applied online, confirmed by an officer", problems
        )
        self.assertTrue(any("verified" in problem for problem in problems))
        note = request.message_ids.filtered(lambda m: "Applied online" in (m.body or ""))
        for problem in problems:
            self.assertIn(problem, note.body)
        # and nothing else was created
        after = self.counts()
        self.assertEqual(after["beneficiary.beneficiary"], before["beneficiary.beneficiary"] + 1)
        self.assertEqual(after["beneficiary.request"], before["beneficiary.request"] + 1)
        self.assertEqual(after["beneficiary.document"], before["beneficiary.document"] + 1)
        # the officer confirms the identity, verifies the document and registers it
        request.with_user(self.officer).action_confirm_online_identity()
        self.assertFalse(request.online_identity_pending)
        self.assertEqual(request.online_identity_confirmed_by_id, self.officer)
        document.with_user(self.officer).action_verify()
        request.with_user(self.officer).action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.date_deadline)
        # the counter's notice, to the applicant
        notice = request.message_ids.filtered(
            lambda m: beneficiary.partner_id in m.partner_ids and m.message_type == "comment"
        )
        self.assertTrue(notice, "the applicant receives the notice of registration")

    def test_each_invalid_field_gets_its_arabic_message(self):
        ar = self.ar
        bad_id = "1234567890"
        with self.assertRaises(ValidationError) as error:
            validated_national_id(ar, bad_id)
        id_message = error.exception.args[0]
        with self.assertRaises(ValidationError) as error:
            validated_mobile(ar, "0123")
        mobile_message = error.exception.args[0]
        future_message = ar["beneficiary.beneficiary"]._future_birth_date_error().args[0]
        over_max = ar._(
            "The program %(program)s gives at most %(max)s per request.",
            program=self.program.with_env(ar).name,
            max=self.program.max_amount,
        )
        negative = ar._("Monthly income and expenses cannot be negative.")
        cases = {
            "national_id": ({"national_id": bad_id}, id_message),
            "mobile": ({"mobile": "0123"}, mobile_message),
            "birth_date": ({"birth_date": "2999-01-01"}, future_message),
            "requested_amount": ({"requested_amount": "٩٠٠٠"}, over_max),
            "monthly_income": ({"monthly_income": "-100"}, negative),
            "name": ({"name": "سعيد"}, None),
            "email": ({"email": "not-an-address"}, None),
            "region": ({"region": "atlantis"}, None),
            "city": ({"city": ""}, None),
            "gender": ({"gender": ""}, None),
            "household_size": ({"household_size": "0"}, None),
            "reason": ({"reason": ""}, None),
            "consent_service": ({"consent_service": ""}, None),
            "accept_terms": ({"accept_terms": ""}, None),
            "declaration": ({"declaration": ""}, None),
            f"expiry_{self.doc_type_id.id}": ({f"expiry_{self.doc_type_id.id}": ""}, None),
            "human_answer": ({"human_answer": "99"}, None),
        }
        for field, (typed, message) in cases.items():
            with self.subTest(field=field):
                before = self.counts()
                response = self.apply(self.application_values(**typed))
                self.assertEqual(response.status_code, 400)
                shown = re.search(rf'id="{field}_error"[^>]*>([^<]*)<', response.text)
                self.assertTrue(shown, f"no message under {field}")
                self.arabic(shown.group(1))
                if message:
                    self.assertShows(response, self.arabic(message))
                self.assertEqual(self.counts(), before, "nothing is created")
                # what was typed is kept in the form
                if field in ("name", "national_id", "mobile", "email", "requested_amount"):
                    self.assertIn(f'value="{typed[field]}"', response.text)

    def test_existing_id_reveals_nothing(self):
        known = self.make_complete_beneficiary(
            name="منيرة ناصر الجهني", mobile="0508287631", user_id=self.officer.id
        )
        known_state = {
            "name": known.name,
            "mobile": known.mobile,
            "consents": len(known.consent_ids),
            "documents": len(known.document_ids),
        }
        # the same form, once with an unknown ID and once with the known one
        typed = self.application_values(name="شخص آخر تمامًا", mobile="0551112223")
        new_response = self.apply(typed)
        known_response = self.apply({**typed, "national_id": known.national_id})
        self.assertEqual(known_response.status_code, 200)
        new_request = self.find_request(typed["national_id"])
        known_request = self.find_request(known.national_id)

        def page(response, reference):
            html = response.text.replace(reference, "REF")
            return re.sub(r"csrf_token[^,;\n]*", "", html)

        self.assertEqual(
            page(known_response, known_request.name),
            page(new_response, new_request.name),
            "the page is the same whether the ID is known or not",
        )
        for secret in (known.name, known.code, known.mobile, "0508287631", "منيرة"):
            self.assertNotIn(secret, known_response.text)
        # the request waits on the known file, which is not changed
        self.assertEqual(known_request.beneficiary_id, known)
        self.assertEqual(known_request.user_id, self.officer)
        self.assertTrue(known_request.online_identity_pending)
        self.assertEqual(known_request.state, "draft")
        known.invalidate_recordset()
        self.assertEqual(
            known_state,
            {
                "name": known.name,
                "mobile": known.mobile,
                "consents": len(known.consent_ids),
                "documents": len(known.document_ids),
            },
        )
        # what was sent waits on the request for the officer
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "beneficiary.request"), ("res_id", "=", known_request.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["hawiya.pdf"])
        self.assertIn("شخص آخر تمامًا", known_request.online_application)
        with self.assertRaisesRegex(Exception, "identity"):
            known_request.with_user(self.officer).action_submit()

    def test_withdrawn_consent_not_revealed(self):
        known = self.make_complete_beneficiary()
        known._service_consents_in_force()._withdraw("لا يرغب في معالجة بياناته")
        response = self.apply(self.application_values(national_id=known.national_id))
        self.assertEqual(response.status_code, 200)
        request = self.find_request(known.national_id)
        self.assertEqual(request.state, "draft")
        self.assertTrue(request.online_identity_pending)
        problems = request._submission_problems(fields.Date.today())
        self.assertIn("The beneficiary's consent to data processing", problems)

    def test_documents_type_and_size(self):
        field = f"document_{self.doc_type_id.id}"
        cases = {
            "wrong type": ("hawiya.exe", b"MZ\x90\x00binary", "is not a PDF, JPEG or PNG file"),
            "content and name disagree": ("hawiya.pdf", b"\x89PNG\r\n\x1a\nxx", "is not a PDF"),
            "oversize": ("hawiya.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024), "larger than 5 MB"),
        }
        for case, (name, content, _message) in cases.items():
            with self.subTest(case=case):
                before = self.counts()
                response = self.apply(
                    self.application_values(), files={field: (name, content, "application/pdf")}
                )
                self.assertEqual(response.status_code, 400)
                shown = re.search(rf'id="{field}_error"[^>]*>([^<]*)<', response.text).group(1)
                self.arabic(shown)
                self.assertIn(name, shown)
                self.assertEqual(self.counts(), before)
        english = self.apply(
            self.application_values(),
            files={field: ("hawiya.exe", b"MZ", "application/octet-stream")},
            lang="en",
        )
        self.assertIn("is not a PDF, JPEG or PNG file", english.text)

    def test_csrf_and_check_question(self):
        values = self.application_values()
        before = self.counts()
        url = f"/beneficiary/apply/{self.program.id}"
        _html, page = self.open_page(url)
        without_token = {k: v for k, v in page.items() if k != "csrf_token"}
        response = self.url_open(url, data={**without_token, **values})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.counts(), before)
        # a robot filling the hidden field is refused like a wrong answer
        response = self.apply({**values, "website_url": "http://spam.example"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.counts(), before)
        # an answered question serves once
        response = self.apply(values, page=page)
        self.assertEqual(response.status_code, 200)
        again = self.apply(self.application_values(), page=page)
        self.assertEqual(again.status_code, 400)
        self.assertIn('id="human_answer_error"', again.text)

    def test_rate_limits(self):
        self.env["beneficiary.online.attempt"].search([]).unlink()
        ICP = self.env["ir.config_parameter"]
        ICP.set_param("beneficiary_relations.online_submissions_per_id_day", 1)
        values = self.application_values()
        self.assertEqual(self.apply(values).status_code, 200)
        before = self.counts()
        response = self.apply(values)
        self.assertEqual(response.status_code, 429, "the same ID twice in a day")
        self.assertEqual(self.counts(), before)
        # another ID from the same connection goes through, up to its own limit
        self.assertEqual(self.apply(self.application_values()).status_code, 200)
        ICP.set_param("beneficiary_relations.online_attempts_per_ip_hour", 3)
        response = self.apply(self.application_values())
        self.assertEqual(response.status_code, 429, "too many forms from one connection")
        # neither the address nor the ID number is kept
        attempts = self.env["beneficiary.online.attempt"].search([])
        for attempt in attempts:
            self.assertNotIn(values["national_id"], attempt.subject_key or "")
            self.assertNotIn("127.0.0.1", attempt.ip_key or "")

    def test_signed_in_beneficiary_with_complete_file_is_registered(self):
        beneficiary = self.beneficiary
        user = self.env["res.users"].create(
            {
                "login": "br_portal_applicant",
                "partner_id": beneficiary.partner_id.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self.authenticate(user.login, user.login)
        html, page = self.open_page(f"/ar/beneficiary/apply/{self.program.id}")
        self.assertNotIn("human_token", page, "no check question for a signed-in beneficiary")
        self.assertNotIn('name="national_id"', html)
        values = {
            "requested_amount": "1000",
            "reason": "فواتير متأخرة",
            "consent_service": "1",
            "accept_terms": "1",
            "declaration": "1",
        }
        response = self.apply(values, files={}, page=page)
        self.assertEqual(response.status_code, 200, response.text[:3000])
        request = beneficiary.request_ids.filtered(lambda r: r.channel_id == self.website)
        self.assertEqual(request.state, "submitted")
        self.assertFalse(request.online_identity_pending)
        self.assertEqual(request.submitted_by_id, user)
        hijri, gregorian = (
            self.env["beneficiary.letter"].with_env(self.ar)._letter_date(request.date_deadline)
        )
        self.assertShows(response, hijri)
        self.assertShows(response, gregorian)
        self.assertTrue(
            request.message_ids.filtered(lambda m: beneficiary.partner_id in m.partner_ids),
            "the notice of registration, as at the counter",
        )
