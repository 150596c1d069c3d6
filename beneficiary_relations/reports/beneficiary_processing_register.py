from odoo import api, models

# the roles printed in the register, in this order
REGISTER_GROUPS = (
    "beneficiary_relations.group_relations_officer",
    "beneficiary_relations.group_social_researcher",
    "beneficiary_relations.group_committee_member",
    "beneficiary_relations.group_committee_chair",
    "beneficiary_relations.group_privacy_officer",
    "beneficiary_relations.group_manager",
    "account.group_account_invoice",
    "account.group_account_readonly",
)


class ReportProcessingRegister(models.AbstractModel):
    """The register of processing activities (سجل أنشطة المعالجة, PDPL) of an
    association, printed from its own settings and security: retention
    periods, personal data officer, and the roles with the number of users
    holding each, read when it is printed."""

    _name = "report.beneficiary_relations.report_processing_register"
    _inherit = ["beneficiary.step.mixin"]
    _description = "Register of Processing Activities"

    @api.model
    def _get_report_values(self, docids, data=None):
        self._check_privacy_officer(self.env._("Printing the register of processing activities"))
        companies = self.env["res.company"].browse(docids or self.env.company.ids)
        return {
            "doc_ids": companies.ids,
            "doc_model": "res.company",
            "docs": companies,
            "register": self,
        }

    @api.model
    def _roles(self, company):
        """``{group: number of users}``: the roles that reach the module's
        personal data and how many active internal users of ``company`` hold
        each (implied roles included), read now."""
        groups = company.env["res.groups"].browse(
            company.env.ref(xmlid).id for xmlid in REGISTER_GROUPS
        )
        # sudo: who holds a role is counted even when the officer may not read users
        counts = dict(
            self.env["res.users"]
            .sudo()
            ._read_group(
                [
                    ("groups_id", "in", groups.ids),
                    ("share", "=", False),
                    ("company_ids", "in", company.id),
                ],
                ["groups_id"],
                ["__count"],
            )
        )
        return {group: counts.get(group, 0) for group in groups}

    @api.model
    def _holders(self, company, roles, *xmlids):
        """``[(group, number of users)]`` of the roles ``xmlids``."""
        return [(company.env.ref(xmlid), roles[company.env.ref(xmlid)]) for xmlid in xmlids]

    @api.model
    def _role_name(self, group):
        """A role's name; with its application's name when it is not one of
        the module's roles."""
        category = self.env.ref("beneficiary_relations.module_category_beneficiary_relations")
        if group.category_id == category or not group.category_id:
            return group.name
        # not full_name: computed once per transaction whatever the language
        return f"{group.category_id.name} / {group.name}"

    @api.model
    def _retention(self, company, kind):
        """How long ``company`` keeps the data of ``kind``: ``files`` (the
        beneficiaries' files), ``records`` (other cases) or ``financial``."""
        if kind == "financial":
            return company.env._(
                "%(years)s years after the payment (financial records)",
                years=company.beneficiary_financial_retention_years,
            )
        if kind == "records":
            return company.env._(
                "%(years)s years after the last activity on the case",
                years=company.beneficiary_retention_years,
            )
        return company.env._(
            "%(years)s years after the last activity on the beneficiary's file, then anonymised",
            years=company.beneficiary_retention_years,
        )
