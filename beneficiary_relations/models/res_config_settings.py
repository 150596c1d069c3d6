from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    beneficiary_answer_min = fields.Integer(
        related="company_id.beneficiary_answer_min", readonly=False
    )
    beneficiary_answer_max = fields.Integer(
        related="company_id.beneficiary_answer_max", readonly=False
    )
    beneficiary_answer_unit = fields.Selection(
        related="company_id.beneficiary_answer_unit", readonly=False
    )
    beneficiary_calendar_id = fields.Many2one(
        related="company_id.resource_calendar_id",
        string="Working Hours",
        readonly=False,
        help="The association's working week: a decision window in working days skips the days "
        "without working hours and the public holidays entered for it.",
    )
    complaint_days_low = fields.Integer(related="company_id.complaint_days_low", readonly=False)
    complaint_days_medium = fields.Integer(
        related="company_id.complaint_days_medium", readonly=False
    )
    complaint_days_high = fields.Integer(related="company_id.complaint_days_high", readonly=False)
    complaint_days_critical = fields.Integer(
        related="company_id.complaint_days_critical", readonly=False
    )
    information_request_days = fields.Integer(
        related="company_id.information_request_days", readonly=False
    )
    compensation_journal_id = fields.Many2one(
        related="company_id.compensation_journal_id", readonly=False
    )
    compensation_account_id = fields.Many2one(
        related="company_id.compensation_account_id", readonly=False
    )
    beneficiary_sod_research = fields.Boolean(
        related="company_id.beneficiary_sod_research", readonly=False
    )
    beneficiary_sod_steps = fields.Boolean(
        related="company_id.beneficiary_sod_steps", readonly=False
    )
    beneficiary_sod_conflict = fields.Boolean(
        related="company_id.beneficiary_sod_conflict", readonly=False
    )
    beneficiary_sod_manager = fields.Boolean(
        related="company_id.beneficiary_sod_manager", readonly=False
    )
    beneficiary_privacy_notice_version = fields.Char(
        related="company_id.beneficiary_privacy_notice_version", readonly=False
    )
    beneficiary_privacy_officer_id = fields.Many2one(
        related="company_id.beneficiary_privacy_officer_id", readonly=False
    )
    beneficiary_retention_years = fields.Integer(
        related="company_id.beneficiary_retention_years", readonly=False
    )
    beneficiary_financial_retention_years = fields.Integer(
        related="company_id.beneficiary_financial_retention_years", readonly=False
    )
    complaint_alias_name = fields.Char(string="Complaints Alias")
    complaint_alias_domain = fields.Char(related="company_id.alias_domain_name")
    beneficiary_online_attempts_per_ip_hour = fields.Integer(
        string="Forms per Connection and Hour",
        config_parameter="beneficiary_relations.online_attempts_per_ip_hour",
        default=30,
    )
    beneficiary_online_submissions_per_id_day = fields.Integer(
        string="Applications per ID Number and Day",
        config_parameter="beneficiary_relations.online_submissions_per_id_day",
        default=3,
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        values["complaint_alias_name"] = self.env.company.complaint_alias_id.alias_name
        return values

    def set_values(self):
        result = super().set_values()
        company = self.company_id
        if (self.complaint_alias_name or False) != (company.complaint_alias_id.alias_name or False):
            company._set_complaint_alias(self.complaint_alias_name)
        return result
