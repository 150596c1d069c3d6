from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import check_vals_list, many2one_ids


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
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a member of the committee.", name=attendee.user_id.name
                    )
                )

    def _check_attendance_open(self, meetings):
        """The chair or the secretary records the attendance, until the
        meeting is closed (the decisions were counted on it)."""
        meetings._lock_rows()
        if not self.env.su:
            meetings._check_runs_meeting(self.env._("Recording the attendance"))
        if any(meeting.state == "closed" for meeting in meetings):
            raise UserError(self.env._("The attendance of a closed meeting cannot change."))

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        self._check_attendance_open(
            self.env["beneficiary.committee.meeting"].browse(
                set(many2one_ids(vals_list, "meeting_id"))
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        check_vals_list(self, [vals])
        meetings = self.meeting_id | self.meeting_id.browse(many2one_ids([vals], "meeting_id"))
        self._check_attendance_open(meetings)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed(self):
        self._check_attendance_open(self.meeting_id)
