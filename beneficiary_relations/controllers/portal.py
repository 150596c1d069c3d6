import base64

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from ..tools import PURPOSES
from .online import page_values, selection

# the portal's sections: (counter, model, domain on the signed-in partner)
SECTIONS = {
    "support_request_count": ("beneficiary.request", "beneficiary_id.partner_id"),
    "beneficiary_document_count": ("beneficiary.document", "beneficiary_id.partner_id"),
    "beneficiary_consent_count": ("beneficiary.consent", "beneficiary_id.partner_id"),
    "beneficiary_data_request_count": ("beneficiary.data.request", "partner_id"),
    "beneficiary_complaint_count": ("stakeholder.complaint", "partner_id"),
}


class BeneficiaryPortal(CustomerPortal):
    """The beneficiary's own pages (``/my/...``): his requests and their
    decision letters, his documents, consents, data subject's requests,
    complaints, satisfaction surveys and contact officer.

    Every page searches as the signed-in user, so the record rules keep him
    to his own records, and every record opened by its id goes through
    ``_document_check_access`` first (403 otherwise); only then is it read
    as superuser for display.  What he changes goes through the models' own
    actions (consent withdrawal, documents to verify, complaints).
    """

    def _own(self, counter, extra=None):
        """The signed-in user's records of a section (empty when his groups
        give him no access to that model)."""
        model, path = SECTIONS[counter]
        Model = request.env[model]
        if not Model.has_access("read"):
            return Model.browse()
        return Model.search([(path, "=", request.env.user.partner_id.id), *(extra or [])])

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter in SECTIONS:
            if counter in counters:
                values[counter] = len(self._own(counter))
        for counter in ("beneficiary_file_count", "beneficiary_data_rights_count"):
            if counter in counters:
                values[counter] = len(self._files())
        if "beneficiary_survey_count" in counters:
            values["beneficiary_survey_count"] = len(self._surveys())
        return values

    def _files(self):
        """The signed-in partner's beneficiary files (sudo, found by his own
        contact only)."""
        return (
            request.env["beneficiary.beneficiary"]
            .sudo()
            .search([("partner_id", "=", request.env.user.partner_id.id)])
        )

    def _surveys(self):
        # sudo: the answers of beneficiaries are the manager's; these are the
        # signed-in partner's own invitations
        return (
            request.env["survey.user_input"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", request.env.user.partner_id.id),
                    ("beneficiary_request_id", "!=", False),
                ]
            )
        )

    def _render(self, template, page_name, status=200, **values):
        layout = self._prepare_portal_layout_values()
        layout.update(page_values(page_name=page_name, **values))
        return request.render(template, layout, status=status)

    def _check(self, model, record_id, access_token=None):
        """The record, once the user may read it (else 403), in sudo mode
        as the user himself: what he does with it is recorded as his."""
        try:
            record = self._document_check_access(model, record_id, access_token)
        except MissingError:
            raise NotFound() from None
        return record.with_env(request.env(su=True))

    # --- overview -----------------------------------------------------------------

    @http.route("/my/beneficiary", type="http", auth="user", website=True)
    def my_beneficiary(self, **kw):
        files = self._files()
        Application = request.env["beneficiary.online.application"]
        return self._render(
            "beneficiary_relations.portal_my_beneficiary",
            "beneficiary",
            files=files,
            programs=Application._open_programs().filtered(
                lambda p: p.company_id in files.company_id
            ),
            work_areas=request.env["stakeholder.work.area"]
            # sudo: the contact officers of his associations, public on the contact officers page
            .sudo()
            .search([("company_id", "in", files.company_id.ids)]),
        )

    # --- requests -------------------------------------------------------------------

    @http.route("/my/support-requests", type="http", auth="user", website=True)
    def my_requests(self, **kw):
        return self._render(
            "beneficiary_relations.portal_my_requests",
            "support_request",
            # sudo: his own records (found under his rights), shown with fields he may not read
            requests=self._own("support_request_count").sudo(),
            states=dict(selection("beneficiary.request", "state")),
        )

    @http.route("/my/support-requests/<int:request_id>", type="http", auth="user", website=True)
    def my_request(self, request_id, **kw):
        record = self._check("beneficiary.request", request_id)
        problems = []
        if record.state == "draft":
            problems = record.with_context(lang=request.env.lang)._submission_problems(
                record.date_submitted or record.create_date.date()
            )
        return self._render(
            "beneficiary_relations.portal_my_request",
            "support_request",
            record=record,
            problems=problems,
            states=dict(selection("beneficiary.request", "state")),
            decisions=dict(selection("beneficiary.request", "decision")),
            installment_states=dict(selection("beneficiary.disbursement", "state")),
            installments=record.disbursement_ids.filtered(lambda d: d.state != "cancelled"),
        )

    @http.route(
        "/my/support-requests/<int:request_id>/letter", type="http", auth="user", website=True
    )
    def my_request_letter(self, request_id, **kw):
        record = self._check("beneficiary.request", request_id)
        if not record.decision and record.state != "referred":
            raise NotFound()
        report = (
            "beneficiary_relations.action_report_request_decision"
            if record.decision
            else "beneficiary_relations.action_report_request_referral"
        )
        # the letter is logged in the access log as printed by the beneficiary
        return self._show_report(record, "pdf", report, download=True)

    # --- documents ----------------------------------------------------------------

    @http.route(
        "/my/beneficiary-documents",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def my_documents(self, **kw):
        files = self._files()
        form, errors, added = {}, {}, False
        if request.httprequest.method == "POST" and files:
            form = request.httprequest.form.to_dict()
            file = files.filtered(lambda f: str(f.id) == form.get("beneficiary_id")) or files[:1]
            try:
                with request.env.cr.savepoint():
                    added, errors = file._portal_add_document(form, request.httprequest.files)
            except (UserError, ValidationError) as err:
                errors = {"form": err.args[0]}
            if added:
                form = {}
        return self._render(
            "beneficiary_relations.portal_my_documents",
            "beneficiary_document",
            files=files,
            # sudo: his own records (found under his rights), shown with fields he may not read
            documents=self._own("beneficiary_document_count").sudo(),
            # sudo: the document types' names, master data portal users do not read
            document_types=request.env["beneficiary.document.type"].sudo().search([]),
            validities=dict(selection("beneficiary.document", "validity")),
            form=form,
            errors=errors,
            added=added,
            status=400 if errors else 200,
        )

    @http.route(
        "/my/beneficiary-documents/<int:document_id>/file",
        type="http",
        auth="user",
        website=True,
    )
    def my_document_file(self, document_id, **kw):
        document = self._check("beneficiary.document", document_id)
        if not document.attachment:
            raise NotFound()
        return request.make_response(
            base64.b64decode(document.attachment),
            headers=[
                ("Content-Type", "application/octet-stream"),
                (
                    "Content-Disposition",
                    http.content_disposition(document.attachment_name or "document"),
                ),
                ("Cache-Control", "no-store"),
            ],
        )

    # --- consents -------------------------------------------------------------------

    def _consents(self):
        """His own consents first, purpose by purpose, then his household's."""
        order = [key for key, _label in PURPOSES]
        return (
            self._own("beneficiary_consent_count")
            # sudo: his own records (found under his rights), shown with fields he may not read
            .sudo()
            .sorted(lambda c: (bool(c.family_member_id), order.index(c.purpose), c.id))
        )

    @http.route("/my/consents", type="http", auth="user", website=True)
    def my_consents(self, error=None, **kw):
        return self._render(
            "beneficiary_relations.portal_my_consents",
            "beneficiary_consent",
            consents=self._consents(),
            consent_states=dict(selection("beneficiary.consent", "state")),
            purposes=dict(selection("beneficiary.consent", "purpose")),
            error=error,
        )

    @http.route(
        "/my/consents/<int:consent_id>/withdraw",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def my_consent_withdraw(self, consent_id, reason=None, **kw):
        consent = self._check("beneficiary.consent", consent_id)
        if consent.family_member_id:
            # a family member's consent is his own (or his guardian's at the counter)
            raise AccessError(request.env._("You can withdraw only your own consents here."))
        try:
            with request.env.cr.savepoint():
                consent._withdraw(reason)  # the withdrawal of the back office
        except (UserError, ValidationError) as err:
            return self._render(
                "beneficiary_relations.portal_my_consents",
                "beneficiary_consent",
                consents=self._consents(),
                consent_states=dict(selection("beneficiary.consent", "state")),
                purposes=dict(selection("beneficiary.consent", "purpose")),
                error=err.args[0],
                error_consent=consent,
                status=400,
            )
        return request.redirect("/my/consents")

    # --- data subject's requests ------------------------------------------------------

    @http.route(
        "/my/data-requests", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def my_data_requests(self, **kw):
        files = self._files()
        form, errors = {}, {}
        if request.httprequest.method == "POST" and files:
            form = request.httprequest.form.to_dict()
            file = files.filtered(lambda f: str(f.id) == form.get("beneficiary_id")) or files[:1]
            try:
                with request.env.cr.savepoint():
                    errors = file._portal_data_request(form)
            except (UserError, ValidationError) as err:
                errors = {"form": err.args[0]}
            if not errors:
                return request.redirect("/my/data-requests")
        return self._render(
            "beneficiary_relations.portal_my_data_requests",
            "beneficiary_data_request",
            files=files,
            # sudo: his own records (found under his rights), shown with fields he may not read
            data_requests=self._own("beneficiary_data_request_count").sudo(),
            kinds=selection("beneficiary.data.request", "kind"),
            kind_labels=dict(selection("beneficiary.data.request", "kind")),
            data_request_states=dict(selection("beneficiary.data.request", "state")),
            form=form,
            errors=errors,
            status=400 if errors else 200,
        )

    # --- complaints -----------------------------------------------------------------

    @http.route("/my/complaints", type="http", auth="user", website=True)
    def my_complaints(self, **kw):
        return self._render(
            "beneficiary_relations.portal_my_complaints",
            "beneficiary_complaint",
            # sudo: his own records (found under his rights), shown with fields he may not read
            complaints=self._own("beneficiary_complaint_count").sudo(),
            complaint_states=dict(selection("stakeholder.complaint", "state")),
            categories=dict(selection("stakeholder.complaint", "category")),
        )

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def my_complaint(self, complaint_id, access_token=None, **kw):
        complaint = self._check("stakeholder.complaint", complaint_id, access_token)
        return self._render(
            "beneficiary_relations.portal_my_complaint",
            "beneficiary_complaint",
            complaint=complaint,
            complaint_states=dict(selection("stakeholder.complaint", "state")),
            categories=dict(selection("stakeholder.complaint", "category")),
            resolutions=dict(selection("stakeholder.complaint", "resolution")),
        )

    # --- satisfaction surveys ---------------------------------------------------------

    @http.route("/my/satisfaction", type="http", auth="user", website=True)
    def my_surveys(self, **kw):
        return self._render(
            "beneficiary_relations.portal_my_surveys",
            "beneficiary_survey",
            answers=self._surveys(),
        )
