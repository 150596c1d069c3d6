from odoo import api, fields, models
from odoo.exceptions import ValidationError


class BeneficiaryIndirectReach(models.Model):
    """The reach of the association's content over a period (مستفيد غير مباشر):
    indirect beneficiaries are counted per channel and period, not filed."""

    _name = "beneficiary.indirect.reach"
    _description = "Indirect Beneficiaries Reach"
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True)
    reach_type = fields.Selection(
        [
            ("publication", "Publication"),
            ("online_content", "Online Content"),
            ("event", "Event"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="online_content",
    )
    channel_id = fields.Many2one("beneficiary.channel", required=True, index=True)
    program_id = fields.Many2one("beneficiary.program", check_company=True, index=True)
    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(
        string="To",
        required=True,
        index=True,
        help="The reach is counted in the reporting period in which its period ends.",
    )
    item_count = fields.Integer(
        string="Items", help="Publications issued, posts or content published, events held."
    )
    reach_count = fields.Integer(
        string="People Reached", help="Readers, viewers or attendees counted over the period."
    )
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "counts_positive",
            "CHECK(item_count >= 0 AND reach_count >= 0)",
            "The counts of a reach record cannot be negative.",
        ),
    ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for reach in self:
            if not (reach.date_start and reach.date_end):
                raise ValidationError(
                    self.env._(
                        "Give the period of %(name)s: its first and last day.", name=reach.name
                    )
                )
            if reach.date_end < reach.date_start:
                raise ValidationError(
                    self.env._("The period of %(name)s ends before it starts.", name=reach.name)
                )
