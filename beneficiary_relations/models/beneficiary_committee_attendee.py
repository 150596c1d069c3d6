from odoo import api, fields, models
from odoo.exceptions import UserError


class BeneficiaryCommitteeAttendee(models.Model):
    """Whether a committee member attended a meeting."""

    _name = "beneficiary.committee.attendee"
    _description = "Research Committee Meeting Attendee"
    _order = "meeting_id, id"

    meeting_id = fields.Many2one(
        "beneficiary.committee.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    user_id = fields.Many2one("res.users", string="Member", required=True)
    attendance = fields.Selection(
        [("present", "Present"), ("absent", "Absent"), ("excused", "Excused")],
        required=True,
        default="present",
    )

    _sql_constraints = [
        (
            "member_unique",
            "unique(meeting_id, user_id)",
            "A member is listed once per meeting.",
        ),
    ]

    @api.constrains("user_id", "meeting_id")
    def _check_member(self):
        for attendee in self:
            if attendee.user_id not in attendee.meeting_id.committee_id.member_ids:
                raise UserError(
                    self.env._(
                        "%(name)s is not a member of the committee.", name=attendee.user_id.name
                    )
                )

    def write(self, vals):
        if any(attendee.meeting_id.state == "closed" for attendee in self):
            raise UserError(self.env._("The attendance of a closed meeting cannot change."))
        return super().write(vals)
