from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import check_vals_list, many2one_ids


class BeneficiaryCommitteeVote(models.Model):
    """A member's vote on a request in a meeting."""

    _name = "beneficiary.committee.vote"
    _description = "Research Committee Vote"
    _order = "meeting_id, request_id, id"

    meeting_id = fields.Many2one(
        "beneficiary.committee.meeting", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True)
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    request_id = fields.Many2one(
        "beneficiary.request",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('meeting_id', '=', meeting_id)]",
    )
    member_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    vote = fields.Selection(
        [
            ("approve", "Approve"),
            ("reject", "Reject"),
            ("abstain", "Abstain"),
            ("conflict", "Conflict of Interest"),
        ],
        required=True,
    )
    amount = fields.Monetary(help="The amount this member agrees to, when approving.")
    note = fields.Char()

    _sql_constraints = [
        (
            "one_vote_per_member",
            "unique(meeting_id, request_id, member_id)",
            "A member votes once on a request in a meeting.",
        ),
    ]

    @api.constrains("meeting_id", "request_id", "member_id", "amount", "vote", "note")
    def _check_vote(self):
        # sudo: the rules are checked on the meeting and its committee, which
        # a non-member may not read; the message must still be the real reason
        for vote in self.sudo():
            meeting = vote.meeting_id
            if meeting.state != "in_session":
                raise ValidationError(
                    self.env._("Votes are cast only while the meeting is in session.")
                )
            if vote.member_id not in meeting.committee_id.member_ids:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a member of the committee.", name=vote.member_id.name
                    )
                )
            present = meeting.attendee_ids.filtered(lambda a: a.attendance == "present").user_id
            if vote.member_id not in present:
                raise ValidationError(
                    self.env._(
                        "%(name)s is not recorded as present at the meeting.",
                        name=vote.member_id.name,
                    )
                )
            if vote.request_id.meeting_id != meeting:
                raise ValidationError(
                    self.env._(
                        "%(request)s is not on this meeting's agenda.", request=vote.request_id.name
                    )
                )
            if vote.amount < 0:
                raise ValidationError(self.env._("A vote's amount cannot be negative."))
            if vote.vote == "reject" and not (vote.note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say in the note why you reject %(request)s.", request=vote.request_id.name
                    )
                )
            if vote.vote in ("approve", "reject", "abstain") and vote.member_id in (
                vote.request_id._excluded_voters()
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s registered or researched %(request)s and may not vote on it "
                        "(separation of duties).",
                        name=vote.member_id.name,
                        request=vote.request_id.name,
                    )
                )

    def _check_author(self):
        if self.env.su:
            return
        # denials of access, like the record rules that say the same
        if any(vote.member_id != self.env.user for vote in self):
            raise AccessError(self.env._("Members vote only for themselves."))
        # sudo: the meeting's state, whatever the member may read of the meeting
        if any(vote.sudo().meeting_id.state != "in_session" for vote in self):
            raise AccessError(self.env._("Votes change only while the meeting is in session."))

    def _lock_meetings(self, meetings):
        """Lock the meetings' rows: a vote and the meeting's closing never
        interleave (the closing counts the votes it saw)."""
        # sudo: the lock is taken whoever votes; reading the rows is not granted by it
        meetings.sudo()._lock_rows()

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        self._lock_meetings(
            self.env["beneficiary.committee.meeting"].browse(
                set(many2one_ids(vals_list, "meeting_id"))
            )
        )
        votes = super().create(vals_list)
        votes._check_author()
        return votes

    def _check_conflict_stands(self, vals=None):
        """A declared conflict of interest stands: the member does not then
        vote on the request, nor withdraw the declaration (``vals``: the
        values written, None when deleted)."""
        if self.env.su or (vals is not None and vals.get("vote", "conflict") == "conflict"):
            return
        # sudo: the conflicts declared by every member, not only those the user reads
        declared = self.sudo().filtered(
            lambda v: v.vote == "conflict" and v.company_id.beneficiary_sod_conflict
        )
        if declared:
            raise ValidationError(
                self.env._(
                    "%(name)s declared a conflict of interest on %(request)s: the declaration "
                    "is kept in the minutes and the member does not vote on it.",
                    name=declared[0].member_id.name,
                    request=declared[0].request_id.name,
                )
            )

    def write(self, vals):
        check_vals_list(self, [vals])
        self._lock_meetings(
            self.meeting_id | self.meeting_id.browse(many2one_ids([vals], "meeting_id"))
        )
        self._check_author()
        self._check_conflict_stands(vals)
        result = super().write(vals)
        self._check_author()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_own_open_votes(self):
        # sudo: the lock is taken whoever votes; reading the rows is not granted by it
        self._lock_meetings(self.sudo().meeting_id)
        self._check_author()
        self._check_conflict_stands()
