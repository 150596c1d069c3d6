from markupsafe import Markup
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from .. import rules
from ..tools import HONEYPOT


def page_values(company=None, **values):
    """What every public page of the module needs: the association shown in
    the header, the language and direction of the page."""
    lang = request.env["res.lang"]._get_data(code=request.env.lang or "en_US")
    return {
        # sudo: the page shows the association's name, logo and address to visitors
        "res_company": (company or request.env.company).sudo(),
        "html_data": {"lang": (lang.iso_code or "en").replace("_", "-"), "dir": lang.direction},
        "is_rtl": lang.direction == "rtl",
        "dated": dated,
        **values,
    }


def dated(day):
    """A date as the association's letters write it, Hijri and Gregorian, in
    the page's language; each part kept whole when a phone wraps the line."""
    if not day:
        return ""
    letter = request.env["beneficiary.letter"]
    text = letter._letter_date(day, one_line=True)
    hijri = letter._letter_date(day)[0]
    if not hijri:
        return Markup('<span class="text-nowrap">%s</span>') % text
    return Markup('<span class="text-nowrap">%s</span> <span class="text-nowrap">%s</span>') % (
        hijri,
        text.replace(hijri, "", 1).strip(),
    )


def selection(model, field_name):
    field = request.env[model]._fields[field_name]
    return field._description_selection(request.env)


class BeneficiaryOnlineController(http.Controller):
    """The association's public pages: the application form of each open
    program, the complaint and information request form with its tracking
    page, the contact officers and the published policies.

    Every rule (validation, consent, submission, notices) is the models';
    these routes read the request, call them and render the answer.
    """

    # --- helpers --------------------------------------------------------------

    def _sender_ip(self):
        return request.httprequest.remote_addr or ""

    def _public_companies(self):
        """The associations with open programs or contact officers."""
        Application = request.env["beneficiary.online.application"]
        # sudo: the work areas and their contact officers are public; visitors hold no right on them
        areas = request.env["stakeholder.work.area"].sudo().search([])
        return Application._open_programs().company_id | areas.company_id

    def _company(self, association=None):
        """The association a page is about: the one asked for, the signed-in
        user's, or the only one."""
        companies = self._public_companies()
        if association and str(association).isdigit() and int(association) in companies.ids:
            return companies.browse(int(association))
        if not request.env.user._is_public() and request.env.company in companies:
            return request.env.company
        return companies[:1] if len(companies) == 1 else companies.browse()

    def _human_check(self):
        first, second, token = request.env["beneficiary.online"]._human_check_new()
        if request.env.lang and request.env.lang.startswith("ar"):
            first, second = rules.to_arabic_digits(first), rules.to_arabic_digits(second)
        return {"question": (first, second), "human_token": token, "honeypot": HONEYPOT}

    def _send(self, kind, company, form, errors, create, show, subject=None, human=True):
        """The path every public form takes: a sender who sent too many is
        refused, the check question is answered (``human``), what the form
        creates is created in one savepoint (nothing half-created on
        failure), and the attempt is counted.  ``create()`` returns what was
        created, ``show(errors)`` the form again with its errors.  Returns
        ``(created, response)``, the response when refused."""
        Attempt = request.env["beneficiary.online.attempt"]
        ip = self._sender_ip()
        if Attempt._too_many(kind, ip, subject):
            Attempt._record(kind, ip)
            return None, self._too_many_page(company)
        challenge = None
        if human:
            challenge = request.env["beneficiary.online"]._human_check_passed(form)
            if not challenge:
                errors["human_answer"] = request.env._(
                    "The answer to the check question is not right: answer the new question."
                )
        created = None
        if not errors:
            try:
                with request.env.cr.savepoint():
                    created = create()
            except (UserError, ValidationError) as err:
                errors["form"] = err.args[0]
        if errors:
            Attempt._record(kind, ip)
            return None, show(errors)
        Attempt._record(kind, ip, subject, challenge=challenge, accepted=True)
        return created, None

    def _too_many_page(self, company):
        return request.render(
            "beneficiary_relations.online_message",
            page_values(
                company,
                title=request.env._("Too many attempts"),
                message=request.env._(
                    "Too many forms were sent from your connection. Try again in an hour, or "
                    "contact the association."
                ),
            ),
            status=429,
        )

    # --- application forms ----------------------------------------------------

    @http.route("/beneficiary/apply", type="http", auth="public", website=True, sitemap=True)
    def programs(self, **kw):
        programs = request.env["beneficiary.online.application"]._open_programs()
        return request.render(
            "beneficiary_relations.online_programs",
            page_values(
                programs.company_id[:1] if len(programs.company_id) == 1 else None,
                programs=programs,
            ),
        )

    def _program(self, program_id):
        program = (
            request.env["beneficiary.online.application"]
            ._open_programs()
            .filtered(lambda p: p.id == program_id)
        )
        if not program:
            raise NotFound()
        return program

    @http.route(
        "/beneficiary/apply/<int:program_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def application(self, program_id, **kw):
        program = self._program(program_id)
        Application = request.env["beneficiary.online.application"]
        account_file = Application._account_file(program)
        if request.httprequest.method != "POST":
            return self._application_page(program, account_file, {}, {})
        form = request.httprequest.form.to_dict()
        values, errors = Application._read_form(
            program, form, request.httprequest.files, account_file
        )
        applied, refused = self._send(
            "application",
            program.company_id,
            form,
            errors,
            lambda: Application._apply(program, values, account_file),
            lambda errors: self._application_page(program, account_file, form, errors, status=400),
            subject=values.get("national_id") or account_file.national_id,
            human=not account_file,
        )
        if refused:
            return refused
        # who applied without signing in is told the same whatever the ID
        # typed: what his own file still lacks only when signed in
        problems = []
        if account_file and applied.state == "draft":
            problems = applied._submission_problems(fields.Date.context_today(applied))
        return request.render(
            "beneficiary_relations.online_application_done",
            page_values(
                program.company_id,
                program=program,
                applied=applied,
                account_file=account_file,
                problems=problems,
                window=self._decision_window(program.company_id),
            ),
        )

    def _decision_window(self, company):
        # sudo: the decision window the form announces, from settings visitors may not read
        company = company.sudo()
        units = dict(selection("res.company", "beneficiary_answer_unit"))
        return {
            "min": company.beneficiary_answer_min,
            "max": company.beneficiary_answer_max,
            "unit": units.get(company.beneficiary_answer_unit, ""),
        }

    def _application_page(self, program, account_file, form, errors, status=200):
        """The form, with what was typed and the errors (never a value the
        sender did not type)."""
        # files cannot be sent back: say which ones to choose again
        for name in request.httprequest.files:
            if request.httprequest.files[name].filename and name not in errors and errors:
                errors[name] = request.env._("Choose this file again.")
        Application = request.env["beneficiary.online.application"]
        policy = Application._terms_policy(program.company_id)
        return request.render(
            "beneficiary_relations.online_application_form",
            page_values(
                program.company_id,
                program=program,
                account_file=account_file,
                form=form,
                errors=errors,
                regions=selection("beneficiary.beneficiary", "region"),
                genders=selection("beneficiary.beneficiary", "gender"),
                marital_statuses=selection("beneficiary.beneficiary", "marital_status"),
                purposes=selection("beneficiary.consent", "purpose"),
                document_types=program.required_document_type_ids,
                policy=policy if policy.is_published else policy.browse(),
                window=self._decision_window(program.company_id),
                max_mb=rules.UPLOAD_MAX_MB,
                **({} if account_file else self._human_check()),
            ),
            status=status,
        )

    # --- complaints and information requests -----------------------------------

    @http.route(
        "/beneficiary/complaint",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=True,
    )
    def complaint(self, association=None, **kw):
        company = self._company(association)
        if not company:
            return request.render(
                "beneficiary_relations.online_associations",
                page_values(companies=self._public_companies(), url="/beneficiary/complaint"),
            )
        partner = request.env.user.partner_id if not request.env.user._is_public() else None
        if request.httprequest.method != "POST":
            return self._complaint_page(company, partner, {}, {})
        form = request.httprequest.form.to_dict()
        Complaint = request.env["stakeholder.complaint"]
        values, errors = Complaint._read_online_form(form, company, partner)
        complaint, refused = self._send(
            "complaint",
            company,
            form,
            errors,
            lambda: Complaint._file_online(company, values, partner),
            lambda errors: self._complaint_page(company, partner, form, errors, status=400),
            human=not partner,
        )
        if refused:
            return refused
        return request.render(
            "beneficiary_relations.online_complaint_done",
            page_values(company, complaint=complaint),
        )

    def _complaint_page(self, company, partner, form, errors, status=200):
        requests = request.env["beneficiary.request"]
        if partner and requests.has_access("read"):
            requests = requests.search([("beneficiary_id.partner_id", "=", partner.id)])
        return request.render(
            "beneficiary_relations.online_complaint_form",
            page_values(
                company,
                partner=partner,
                form=form,
                errors=errors,
                categories=selection("stakeholder.complaint", "category"),
                stakeholder_types=selection("res.partner", "stakeholder_type"),
                work_areas=request.env["stakeholder.complaint"]._online_work_areas(company),
                # sudo: the signed-in complainant's own requests (searched above), named in the form
                own_requests=requests.sudo(),
                **({} if partner else self._human_check()),
            ),
            status=status,
        )

    @http.route(
        "/beneficiary/complaint/track",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def complaint_tracking(self, **kw):
        if request.httprequest.method != "POST":
            return request.render(
                "beneficiary_relations.online_complaint_tracking", page_values(form={})
            )
        form = request.httprequest.form.to_dict()
        Attempt = request.env["beneficiary.online.attempt"]
        ip = self._sender_ip()
        if Attempt._too_many("tracking", ip):
            Attempt._record("tracking", ip)
            return self._too_many_page(None)
        Attempt._record("tracking", ip)
        complaint = request.env["stakeholder.complaint"]._by_tracking_code(form.get("code"))
        errors = {}
        if not complaint:
            errors["code"] = request.env._(
                "No message has this tracking code: check it as it was given to you."
            )
        elif form.get("follow_up", "").strip():
            complaint._post_follow_up(form["follow_up"].strip())
            form["follow_up"] = ""
            form["sent"] = "1"
        return request.render(
            "beneficiary_relations.online_complaint_tracking",
            page_values(
                complaint.company_id or None,
                form=form,
                errors=errors,
                complaint=complaint,
                states=dict(selection("stakeholder.complaint", "state")),
                resolutions=dict(selection("stakeholder.complaint", "resolution")),
                categories=dict(selection("stakeholder.complaint", "category")),
            ),
            status=404 if errors else 200,
        )

    # --- contact officers -------------------------------------------------------

    @http.route(
        "/beneficiary/contact-officers", type="http", auth="public", website=True, sitemap=True
    )
    def contact_officers(self, association=None, **kw):
        company = self._company(association)
        # sudo: the work areas and their contact officers are public; visitors hold no right on them
        areas = request.env["stakeholder.work.area"].sudo().search([])
        if company:
            areas = areas.filtered(lambda a: a.company_id == company)
        return request.render(
            "beneficiary_relations.online_contact_officers",
            page_values(company or None, areas=areas),
        )

    # --- published policies -----------------------------------------------------

    def _published_policies(self):
        return (
            request.env["stakeholder.policy"]
            # sudo: published policies are public; only the published versions are searched
            .sudo()
            .search([("is_published", "=", True), ("state", "in", ("approved", "superseded"))])
        )

    @http.route("/beneficiary/policies", type="http", auth="public", website=True, sitemap=True)
    def policies(self, **kw):
        policies = self._published_policies().filtered(lambda p: p.state == "approved")
        return request.render(
            "beneficiary_relations.online_policies",
            page_values(
                policies.company_id[:1] if len(policies.company_id) == 1 else None,
                policies=policies,
            ),
        )

    def _policy(self, policy_id):
        policy = self._published_policies().filtered(lambda p: p.id == policy_id)
        if not policy:
            raise NotFound()
        return policy

    @http.route(
        "/beneficiary/policies/<int:policy_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def policy(self, policy_id, **kw):
        policy = self._policy(policy_id)
        return request.render(
            "beneficiary_relations.online_policy",
            page_values(
                policy.company_id,
                policy=policy,
                archive=policy._public_archive(),
                superseded_by=policy._superseded_by(),
            ),
        )

    @http.route(
        "/beneficiary/policies/<int:policy_id>/pdf",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def policy_pdf(self, policy_id, **kw):
        policy = self._policy(policy_id)
        # sudo: the published text is public; the report reads the policy as is
        report = request.env["ir.actions.report"].sudo().with_company(policy.company_id)
        pdf, _type = report.with_context(lang=request.env.lang)._render_qweb_pdf(
            "beneficiary_relations.action_report_policy_published", policy.ids
        )
        filename = f"{policy.name} - {policy.version}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", http.content_disposition(filename)),
            ],
        )
