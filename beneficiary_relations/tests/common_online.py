import re

from markupsafe import escape

from odoo.tests import HttpCase

from ..rules import to_ascii_digits
from .common_request import RequestCommon

PDF_BYTES = b"%PDF-1.4 scanned document"


class OnlineCommon(RequestCommon, HttpCase):
    """The public forms and the portal as a browser uses them: the page is
    fetched first (its CSRF token and check question), then the form is sent
    with what a person types."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("ar_001", "en_US"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        ICP = cls.env["ir.config_parameter"]
        # the tests send many forms from one address; the limits get their own tests
        ICP.set_param("beneficiary_relations.online_attempts_per_ip_hour", 1000)
        ICP.set_param("beneficiary_relations.online_submissions_per_id_day", 1000)
        cls.ar = cls.env(context={"lang": "ar_001"})
        cls.website = cls.env.ref("beneficiary_relations.channel_website")

    def counts(self):
        """How many files, requests, consents, documents, complaints exist."""
        models = (
            "beneficiary.beneficiary",
            "beneficiary.request",
            "beneficiary.consent",
            "beneficiary.document",
            "stakeholder.complaint",
            "res.partner",
        )
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in models
        }

    def open_page(self, url, status=200):
        """GET ``url``; returns its HTML and the hidden values of its form
        (CSRF token, check question answered)."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, response.text[:2000])
        return response.text, self.hidden_values(response.text)

    def hidden_values(self, html):
        values = {}
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)
        if csrf:
            values["csrf_token"] = csrf.group(1)
        token = re.search(r'name="human_token" value="([^"]+)"', html)
        if token:
            question = re.search(r'class="o_br_question"[^>]*>(.*?)</span>', html, re.S).group(1)
            numbers = [int(n) for n in re.findall(r"\d+", to_ascii_digits(question))]
            values.update(human_token=token.group(1), human_answer=str(sum(numbers)))
        return values

    def application_values(self, **values):
        """What an applicant types in the form (Arabic-Indic digits included)."""
        self.__class__.serial += 1
        return {
            "name": "سعيد علي محمد القحطاني",
            "national_id": self.new_id("18"),
            "birth_date": "1985-05-05",
            "gender": "male",
            "marital_status": "married",
            "mobile": f"٠٥٥{self.serial:07d}",
            "email": "",
            "region": "hail",
            "city": "حائل",
            "district": "النقرة",
            "household_size": "٤",
            "monthly_income": "١٢٠٠",
            "household_income": "0",
            "monthly_expenses": "900",
            "requested_amount": "1500",
            "in_kind_description": "",
            "reason": "إيجار متأخر منذ شهرين",
            "consent_service": "1",
            "consent_satisfaction": "1",
            "accept_terms": "1",
            "declaration": "1",
            f"expiry_{self.doc_type_id.id}": "2030-01-01",
            **values,
        }

    def apply(self, values, files=None, lang="ar", program=None, page=None):
        """Open the application form of ``program`` and send ``values``;
        returns the response."""
        program = program or self.program
        url = (
            f"/{lang}/beneficiary/apply/{program.id}"
            if lang
            else f"/beneficiary/apply/{program.id}"
        )
        if page is None:
            _html, page = self.open_page(url)
        if files is None:
            files = {
                f"document_{self.doc_type_id.id}": ("hawiya.pdf", PDF_BYTES, "application/pdf")
            }
        return self.url_open(url, data={**page, **values}, files=files)

    def assertShows(self, response, message, status=None):
        """The page shows ``message`` (HTML-escaped as QWeb writes it)."""
        if status:
            self.assertEqual(response.status_code, status)
        self.assertIn(str(escape(message)), response.text)

    def arabic(self, message):
        """``message`` must be Arabic: the translation is loaded."""
        self.assertRegex(message, "[\u0600-\u06ff]", f"not translated: {message}")
        return message
