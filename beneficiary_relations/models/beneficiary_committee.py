from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import rules
from ..tools import COMMITTEE_MEMBER, check_role, related_action, role_domain


class BeneficiaryCommittee(models.Model):
    """The research committee (لجنة البحث) that decides requests."""

    _name = "beneficiary.committee"
    _description = "Research Committee"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    member_ids = fields.Many2many(
        "res.users",
        "beneficiary_committee_member_rel",
        "committee_id",
        "user_id",
        string="Members",
        domain=lambda self: role_domain(self.env, COMMITTEE_MEMBER),
        tracking=True,
    )
    chair_id = fields.Many2one(
        "res.users",
        required=True,
        tracking=True,
        domain=lambda self: role_domain(self.env, COMMITTEE_MEMBER),
    )
    secretary_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain=lambda self: role_domain(self.env, COMMITTEE_MEMBER),
        help="Runs the meetings with the chair: sets the agenda, records attendance, closes.",
    )
    quorum_type = fields.Selection(
        [("number", "Number of Members"), ("share", "Share of Members")],
        required=True,
        default="share",
        help="How the quorum is counted: a number of members present who may vote, or a share "
        "of the committee's members (0.5: half of them).",
    )
    quorum_value = fields.Float(
        string="Quorum",
        required=True,
        default=0.5,
        help="Members present needed to decide: a number, or a share between 0 and 1 "
        "(0.5 = half of the members).",
    )
    program_ids = fields.Many2many(
        "beneficiary.program",
        "beneficiary_committee_program_rel",
        "committee_id",
        "program_id",
        string="Programs Decided",
        check_company=True,
    )
    manager_threshold = fields.Monetary(
        string="Manager Approval Above",
        help="Approved amounts above this also need the beneficiary relations manager's "
        "approval (zero: never).",
    )
    meeting_ids = fields.One2many("beneficiary.committee.meeting", "committee_id")
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    active = fields.Boolean(default=True)

    def _compute_meeting_count(self):
        counts = dict(
            self.env["beneficiary.committee.meeting"]._read_group(
                [("committee_id", "in", self.ids)], ["committee_id"], ["__count"]
            )
        )
        for committee in self:
            committee.meeting_count = counts.get(committee._origin, 0)

    @api.constrains("quorum_type", "quorum_value", "manager_threshold")
    def _check_quorum(self):
        for committee in self:
            if committee.quorum_type == "share" and not 0 < committee.quorum_value <= 1:
                raise ValidationError(
                    self.env._("A quorum share is between 0 and 1 (0.5 is half the members).")
                )
            if committee.quorum_type == "number" and (
                committee.quorum_value < 1 or not float(committee.quorum_value).is_integer()
            ):
                raise ValidationError(self.env._("A quorum number is a whole number of members."))
            if committee.manager_threshold < 0:
                raise ValidationError(self.env._("The approval threshold cannot be negative."))

    @api.constrains("chair_id", "secretary_id", "member_ids")
    def _check_chair_is_member(self):
        for name in ("member_ids", "chair_id", "secretary_id"):
            check_role(self, name, COMMITTEE_MEMBER)
        for committee in self:
            if committee.chair_id not in committee.member_ids:
                raise ValidationError(
                    self.env._(
                        "The chair %(name)s must be a member of the committee.",
                        name=committee.chair_id.name,
                    )
                )

    def _has_quorum(self, present):
        self.ensure_one()
        return rules.quorum_met(present, len(self.member_ids), self.quorum_type, self.quorum_value)

    def action_view_meetings(self):
        self.ensure_one()
        return related_action(
            self.env,
            "beneficiary_relations.beneficiary_committee_meeting_action",
            [("committee_id", "=", self.id)],
            {"default_committee_id": self.id},
        )
