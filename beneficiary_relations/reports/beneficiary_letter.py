import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import rules
from ..tools import list_text


class BeneficiaryLetter(models.AbstractModel):
    """What the printed documents share (template ``letter_layout``).

    Every document of the module calls ``beneficiary_relations.letter_layout``
    and reads its dates through :meth:`_letter_date`.  The reports of letters
    that only make sense in a given state inherit this model as their
    ``report.<template>`` model and say which records they accept.
    """

    _name = "beneficiary.letter"
    _description = "Beneficiary Relations Printed Document"

    # in a report.<template> model: the printed model, and the domain of the
    # records it prints (a letter only makes sense once its step is reached)
    _letter_model = None
    _letter_domain = []

    @api.model
    def _letter_date(self, day, one_line=False):
        """``(hijri, gregorian)`` of ``day`` (a date or a UTC datetime, default
        today) in the language of the context, as Saudi letters write them; on
        one line with ``one_line``."""
        if not day:
            day = fields.Date.context_today(self)
        elif isinstance(day, datetime.datetime):
            day = fields.Datetime.context_timestamp(self, day).date()
        arabic = (self.env.lang or "").startswith("ar")
        if one_line:
            return rules.letter_date_text(day, arabic)
        return rules.letter_date(day, arabic)

    @api.model
    def _is_rtl(self):
        return self.env["res.lang"]._get_data(code=self.env.lang or "en_US").direction == "rtl"

    @api.model
    def _readable(self, record, field_name):
        """Whether the user may read ``field_name`` of ``record`` (its ``groups``):
        documents show sensitive data only to whom the model shows them."""
        return record._fields[field_name].is_accessible(self.env)

    def _refusal(self, names):
        """The message refusing to print the records ``names``."""
        raise NotImplementedError

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._letter_model].browse(docids)
        # printed only by who may read them (a value read as superuser earlier
        # in the request would otherwise print from the cache)
        docs.check_access("read")
        wrong = docs - docs.filtered_domain(self._letter_domain)
        if wrong:
            raise UserError(self._refusal(list_text(self.env, wrong.mapped("display_name"))))
        return {"doc_ids": docids, "doc_model": self._letter_model, "docs": docs}


class ReportRequestDecision(models.AbstractModel):
    _name = "report.beneficiary_relations.report_request_decision"
    _inherit = "beneficiary.letter"
    _description = "Decision Letter"
    _letter_model = "beneficiary.request"
    _letter_domain = [("decision", "!=", False)]

    def _refusal(self, names):
        return self.env._("No decision has been taken on %(names)s yet.", names=names)


class ReportCommitteeMeetingMinutes(models.AbstractModel):
    _name = "report.beneficiary_relations.report_committee_meeting_minutes"
    _inherit = "beneficiary.letter"
    _description = "Committee Meeting Minutes"
    _letter_model = "beneficiary.committee.meeting"
    _letter_domain = [("state", "=", "closed")]

    def _refusal(self, names):
        return self.env._(
            "The minutes of %(names)s are printed once the meeting is closed.", names=names
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        # the minutes show the votes, which only the committee reads
        self.env["beneficiary.committee.vote"].check_access("read")
        values = super()._get_report_values(docids, data=data)
        # sudo: the minutes name the applicants decided at the meeting, whose
        # files the committee no longer reads once the meeting is closed
        requests = values["docs"].request_ids.sudo()
        values["applicants"] = {request.id: request.beneficiary_id.name for request in requests}
        return values


class ReportBeneficiarySummary(models.AbstractModel):
    _name = "report.beneficiary_relations.report_beneficiary_summary"
    _inherit = "beneficiary.letter"
    _description = "Beneficiary File Summary"
    _letter_model = "beneficiary.beneficiary"


class ReportRequestReferral(models.AbstractModel):
    _name = "report.beneficiary_relations.report_request_referral"
    _inherit = "beneficiary.letter"
    _description = "Referral Letter"
    _letter_model = "beneficiary.request"
    _letter_domain = [("state", "=", "referred")]

    def _refusal(self, names):
        return self.env._("%(names)s was not referred to another association.", names=names)


class ReportCompensationAgreement(models.AbstractModel):
    _name = "report.beneficiary_relations.report_compensation_agreement"
    _inherit = "beneficiary.letter"
    _description = "Compensation Agreement"
    _letter_model = "stakeholder.compensation"
    _letter_domain = [("state", "in", ("agreed", "approved", "compensated"))]

    def _refusal(self, names):
        return self.env._("No compensation has been agreed for %(names)s yet.", names=names)


class ReportComplaintResolution(models.AbstractModel):
    _name = "report.beneficiary_relations.report_complaint_resolution"
    _inherit = "beneficiary.letter"
    _description = "Complaint Resolution Letter"
    _letter_model = "stakeholder.complaint"
    _letter_domain = [("state", "in", ("resolved", "closed")), ("is_anonymous", "=", False)]

    def _refusal(self, names):
        return self.env._(
            "A resolution letter needs a resolved complaint with a named complainant: %(names)s.",
            names=names,
        )


class ReportPolicyApproval(models.AbstractModel):
    _name = "report.beneficiary_relations.report_policy_approval"
    _inherit = "beneficiary.letter"
    _description = "Policy Approval and Acknowledgement"
    _letter_model = "stakeholder.policy"
    _letter_domain = [("state", "in", ("approved", "superseded"))]

    def _refusal(self, names):
        return self.env._("The board has not approved %(names)s yet.", names=names)


class ReportAidStatement(models.AbstractModel):
    _name = "report.beneficiary_relations.report_aid_statement"
    _inherit = "beneficiary.letter"
    _description = "Statement of Aid Received"
    _letter_model = "res.partner"

    def _refusal(self, names):
        return self.env._("No aid has been planned for %(names)s.", names=names)

    @api.model
    def _get_report_values(self, docids, data=None):
        """Every installment of the contacts' approved aid, in one search:
        what was planned, paid through Odoo Accounting and delivered in kind."""
        partners = self.env["res.partner"].browse(docids)
        partners.check_access("read")
        lines = self.env["beneficiary.disbursement"].search(
            [("partner_id", "in", partners.ids), ("state", "!=", "cancelled")],
            order="partner_id, date_planned, id",
        )
        missing = partners - lines.partner_id
        if missing:
            raise UserError(self._refusal(list_text(self.env, missing.mapped("display_name"))))
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "lines_by_partner": lines.grouped("partner_id"),
        }
