from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .. import rules
from ..tools import check_vals_list, list_text, many2one_ids

VOTES = ("approve", "reject", "abstain")


class BeneficiaryCommitteeMeeting(models.Model):
    """A meeting of the research committee.

    ::

        planned ─start─> in_session ─close─> closed

    Closing applies the decisions to every request on the agenda at once.
    """

    _name = "beneficiary.committee.meeting"
    _description = "Research Committee Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin", "beneficiary.workflow.mixin"]
    _order = "date desc, id desc"
    _beneficiary_private = True

    name = fields.Char(readonly=True, copy=False)
    committee_id = fields.Many2one(
        "beneficiary.committee", required=True, index=True, tracking=True, writable_in=("planned",)
    )
    company_id = fields.Many2one(related="committee_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="committee_id.currency_id")
    chair_id = fields.Many2one(related="committee_id.chair_id")
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        tracking=True,
        writable_in=("planned", "in_session"),
    )
    location = fields.Char(writable_in=("planned", "in_session"))
    state = fields.Selection(
        [("planned", "Planned"), ("in_session", "In Session"), ("closed", "Closed")],
        default="planned",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        step=True,
    )
    attendee_ids = fields.One2many(
        "beneficiary.committee.attendee",
        "meeting_id",
        copy=True,
        writable_in=("planned", "in_session"),
    )
    request_ids = fields.One2many("beneficiary.request", "meeting_id", string="Agenda")
    vote_ids = fields.One2many(
        "beneficiary.committee.vote",
        "meeting_id",
        string="Votes",
        writable_in=("in_session",),
        groups="beneficiary_relations.group_committee_member",
    )
    minutes = fields.Html(writable_in=("planned", "in_session"))
    started_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    closed_by_id = fields.Many2one("res.users", readonly=True, copy=False, step=True)
    date_closed = fields.Datetime(readonly=True, copy=False, step=True)
    present_count = fields.Integer(compute="_compute_quorum")
    quorum_reached = fields.Boolean(compute="_compute_quorum")
    request_count = fields.Integer(compute="_compute_quorum")

    @api.depends("attendee_ids.attendance", "committee_id.member_ids", "request_ids")
    def _compute_quorum(self):
        for meeting in self:
            present = meeting.attendee_ids.filtered(lambda a: a.attendance == "present")
            meeting.present_count = len(present)
            meeting.quorum_reached = bool(
                meeting.committee_id
            ) and meeting.committee_id._has_quorum(len(present))
            meeting.request_count = len(meeting.request_ids)

    @api.model_create_multi
    def create(self, vals_list):
        check_vals_list(self, vals_list)
        committees = self.env["beneficiary.committee"].browse(
            many2one_ids(vals_list, "committee_id")
        )
        for vals in vals_list:
            committee = committees.filtered(
                lambda c, v=vals: c.id in many2one_ids([v], "committee_id")
            )
            if "attendee_ids" not in vals and committee:
                vals["attendee_ids"] = [
                    Command.create({"user_id": user.id, "attendance": "present"})
                    for user in committee.member_ids
                ]
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        if any(meeting.state != "planned" for meeting in self):
            raise UserError(self.env._("A meeting that was held cannot be deleted."))

    def _check_runs_meeting(self, action):
        """The chair or the secretary of the committee, or the manager, runs
        its meetings: the agenda, the session and its closing."""
        if self._is_manager():
            return
        for meeting in self:
            committee = meeting.committee_id
            if self.env.user not in committee.chair_id | committee.secretary_id:
                raise AccessError(
                    self.env._(
                        "%(action)s is for the chair or the secretary of %(committee)s.",
                        action=action,
                        committee=committee.name,
                    )
                )

    def action_add_pending_requests(self):
        """Put on the agenda every request waiting for this committee."""
        self._check_runs_meeting(self.env._("Setting the agenda"))
        self._lock_rows()
        self._check_state(["planned", "in_session"], self.env._("Setting the agenda"))
        for meeting in self:
            # sudo: the requests waiting for the committee are not on any agenda
            # yet, so its members may not read them until they are put on one
            pending = (
                self.env["beneficiary.request"]
                .sudo()
                .search(
                    [
                        ("state", "=", "committee"),
                        ("committee_id", "=", meeting.committee_id.id),
                        ("meeting_id", "=", False),
                        ("awaiting_manager", "=", False),
                    ]
                )
            )
            pending._step().write({"meeting_id": meeting.id})
        return True

    def action_start(self):
        self._check_runs_meeting(self.env._("Starting the session"))
        self._lock_rows()
        self._check_state(["planned"], self.env._("Starting"))
        for meeting in self:
            if not meeting.attendee_ids:
                raise UserError(self.env._("Record who attends the meeting first."))
        self._step().write({"state": "in_session", "started_by_id": self.env.uid})
        return True

    def action_close(self):
        """Close the meeting and apply its decisions to all its requests.

        The meeting's row is locked first: a vote cast at the same moment
        either lands before the decisions are computed or is refused, and two
        closings never both apply."""
        self._check_runs_meeting(self.env._("Closing the meeting"))
        self._lock_rows()
        self._check_state(["in_session"], self.env._("Closing"))
        today = fields.Date.context_today(self)
        for meeting in self:
            decisions = meeting._decisions()
            problems = [
                problem
                for request, decision in decisions.items()
                if (problem := meeting._closing_blocker(request, decision, today))
            ]
            if problems:
                raise UserError(
                    self.env._("The meeting cannot be closed yet:")
                    + "\n"
                    + "\n".join(f"• {problem}" for problem in problems)
                )
            meeting._step().write(
                {
                    "state": "closed",
                    "closed_by_id": self.env.uid,
                    "date_closed": fields.Datetime.now(),
                    "minutes": meeting._minutes_with_decisions(decisions),
                }
            )
            # sudo: the committee's decision is applied by closing its meeting,
            # whoever of the committee closes it
            meeting.request_ids.sudo()._apply_committee_decisions(
                {request.sudo(): decision for request, decision in decisions.items()}
            )
        return True

    def _closing_blocker(self, request, decision, today):
        """Why closing the meeting today cannot apply ``decision`` (outcome,
        amount, reason) to ``request``, or False."""
        outcome, _amount, reason = decision
        if outcome == "rejected" and not reason:
            return self.env._(
                "%(name)s: the members who reject it must say why in their vote's note.",
                name=request.name,
            )
        if outcome in ("approved", "rejected"):
            # sudo: the blockers read the file, which a committee member may not read
            return request.sudo()._decision_blockers(outcome, today)
        return False

    def _ballots(self):
        """{request: (voters, votes)} for every request on the agenda: the
        members present who may vote on it and their votes."""
        self.ensure_one()
        present = self.attendee_ids.filtered(lambda a: a.attendance == "present").user_id
        votes_by_request = self.vote_ids.filtered(lambda v: v.member_id in present).grouped(
            "request_id"
        )
        ballots = {}
        for request in self.request_ids:
            votes = votes_by_request.get(request, self.env["beneficiary.committee.vote"])
            voters = present - request._excluded_voters(votes)
            ballots[request] = (
                voters,
                votes.filtered(lambda v, voters=voters: v.member_id in voters),
            )
        return ballots

    def _decisions(self):
        """{request: (outcome, amount, reason)} for every request on the agenda,
        from the votes of the members present who may vote on it
        (rules.committee_decision)."""
        self.ensure_one()
        chair = self.committee_id.chair_id
        result = {}
        for request, (voters, votes) in self._ballots().items():
            chair_vote = votes.filtered(lambda v: v.member_id == chair)[:1].vote or None
            outcome, amount = rules.committee_decision(
                [(v.vote, v.amount or None) for v in votes if v.vote != "conflict"],
                chair_vote,
                self.committee_id._has_quorum(len(voters)),
                request.requested_amount,
                request.program_id.max_amount,
                request.recommended_amount,
            )
            reason = False
            if outcome == "rejected":
                notes = votes.filtered(lambda v: v.vote == "reject" and v.note).mapped("note")
                reason = "\n".join(dict.fromkeys(note.strip() for note in notes))
            result[request] = (outcome, amount, reason)
        return result

    def _vote_standing(self):
        """Where the vote on each request of the agenda stands, as closing the
        meeting now would decide it: {request: {"approve", "reject", "abstain"
        (counts), "pending" (the voters who have not voted), "quorum",
        "outcome"}}."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        decisions = self._decisions()
        standing = {}
        for request, (voters, votes) in self._ballots().items():
            counts = {kind: len(votes.filtered(lambda v, k=kind: v.vote == k)) for kind in VOTES}
            standing[request] = {
                **counts,
                "pending": voters - votes.member_id,
                "quorum": self.committee_id._has_quorum(len(voters)),
                "outcome": decisions[request][0],
                "blocker": self._closing_blocker(request, decisions[request], today),
            }
        return standing

    def _minutes_with_decisions(self, decisions):
        """The minutes followed by the decisions table, as recorded at closing."""
        votes = self.vote_ids.grouped("request_id")
        no_votes = self.env["beneficiary.committee.vote"]
        # the request's «As It Stands» labels (tools.COMMITTEE_OUTCOMES)
        standing = self.env["beneficiary.request"]._fields["vote_standing"]
        labels = dict(standing._description_selection(self.env))
        for outcome in ("tie", "no_votes", "no_quorum"):
            labels[outcome] = self.env._("Not decided: %(outcome)s", outcome=labels[outcome])
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                request.name,
                request.beneficiary_id.name,
                labels.get(outcome, outcome),
                amount if outcome == "approved" else "",
                Markup("<br/>").join(self._decision_remarks(request, votes.get(request, no_votes))),
            )
            for request, (outcome, amount, _reason) in decisions.items()
        )
        present = list_text(
            self.env,
            self.attendee_ids.filtered(lambda a: a.attendance == "present").user_id.mapped("name"),
        )
        # o_br_decisions: the printed minutes have their own decisions table
        table = Markup(
            "<div class='o_br_decisions'><h3>%s</h3><p>%s %s</p><table class='table table-sm'>"
            "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
            "<tbody>%s</tbody></table></div>"
        ) % (
            self.env._("Decisions"),
            self.env._("Present:"),
            escape(present),
            self.env._("Request"),
            self.env._("Beneficiary"),
            self.env._("Decision"),
            self.env._("Approved Amount"),
            self.env._("Remarks"),
            rows,
        )
        return (self.minutes or Markup("")) + table

    def _decision_remarks(self, request, votes):
        """What the minutes say about how ``request`` was decided (``votes``:
        its votes in this meeting): who was excluded from the vote and why, an
        urgent decision, an exception."""
        self.ensure_one()
        conflict = votes.filtered(lambda v: v.vote == "conflict").member_id
        excluded = request._excluded_voters(votes) & self.attendee_ids.user_id
        remarks = []
        for user in excluded:
            if user in conflict:
                why = self.env._("declared a conflict of interest")
            else:
                why = self.env._("registered or researched the request")
            remarks.append(
                self.env._("%(member)s did not vote (%(why)s)", member=user.name, why=why)
            )
        if request.urgent_decision:
            remarks.append(self.env._("Urgent decision: %(reason)s", reason=request.urgent_reason))
        if request.eligibility_exception:
            remarks.append(
                self.env._(
                    "Exception to the eligibility policy by %(user)s: %(reason)s",
                    user=request.eligibility_exception_by_id.name,
                    reason=request.eligibility_exception_reason,
                )
            )
        return [escape(remark) for remark in remarks]
