"""Steps raced by real parallel sessions on a server with two workers.

Each round prepares its own request as the roles would (the officer
registers and submits it, the researcher sends it to the committee, the
chair opens a meeting and records the urgent decision: the policy's two weeks
have not passed), then fires two calls at the same moment from two threads,
each with its own login.  Whatever the order the server runs them in, the
stored data must stay consistent; timings are never asserted.
"""

import threading

import pytest
from odoo_rpc import RpcError

ROUNDS = 5
CLEAR_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
)


def race(*calls):
    """Run ``calls`` at the same moment, each in its own thread; return
    their outcomes in order, each ``(result, None)`` or ``(None, RpcError)``."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            outcomes[index] = (call(), None)
        except RpcError as error:
            outcomes[index] = (None, error)
        except Exception as error:  # reported by the main thread
            outcomes[index] = (None, error)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    for outcome in outcomes:
        assert outcome is not None, "a raced call did not return in 5 minutes"
        if outcome[1] is not None and not isinstance(outcome[1], RpcError):
            raise outcome[1]
    return outcomes


def assert_clear_refusal(error, kinds=CLEAR_ERRORS):
    assert isinstance(error, RpcError), error
    assert error.name in kinds, f"{error.name}: {error.message}\n{error.debug}"
    assert error.message.strip()


class Workflow:
    """The demo roles taking the steps of a request, each in his own session."""

    def __init__(self, login, admin):
        self.login = login
        self.admin = admin
        self.officer = login("officer")
        self.researcher = login("researcher")
        self.chair = login("chair")
        self.secretary = login("committee1")
        self.member = login("committee2")
        template = admin.read_one(
            "beneficiary.request",
            admin.ref("beneficiary_relations.beneficiary_request_approved_demo"),
            ["beneficiary_id", "program_id", "channel_id", "company_id"],
        )
        self.template = {name: template[name][0] for name in template if name != "id"}
        company = admin.read_one("res.company", self.template["company_id"], ["partner_id"])
        self.association = company["partner_id"][0]
        self.committee = admin.ref("beneficiary_relations.committee_research_demo")

    def register(self, reason):
        """A complete draft request, its declaration signed (the officer)."""
        request = self.officer.call(
            "beneficiary.request",
            "create",
            {
                "beneficiary_id": self.template["beneficiary_id"],
                "program_id": self.template["program_id"],
                "channel_id": self.template["channel_id"],
                "requested_amount": 1000,
                "reason": reason,
                "researcher_id": self.researcher.uid,
            },
        )
        self.officer.call("beneficiary.request", "action_sign_declaration", [request])
        return request

    def to_committee(self, reason):
        """A request registered, submitted, researched and sent to the committee."""
        request = self.register(reason)
        self.officer.call("beneficiary.request", "action_submit", [request])
        self.officer.call("beneficiary.request", "action_start_research", [request])
        self.researcher.call(
            "beneficiary.request",
            "write",
            [request],
            {
                "research_findings": "<p>زيارة منزلية: الحاجة قائمة.</p>",
                "research_recommendation": "approve",
                "recommended_amount": 1000,
            },
        )
        self.researcher.call("beneficiary.request", "action_send_to_committee", [request])
        return request

    def meeting_on(self, request):
        """A meeting in session with ``request`` alone on its agenda, the
        urgent decision recorded by the chair (the two weeks have not passed)."""
        meeting = self.chair.call(
            "beneficiary.committee.meeting", "create", {"committee_id": self.committee}
        )
        self.chair.call("beneficiary.committee.meeting", "action_add_pending_requests", [meeting])
        agenda = self.admin.read_one("beneficiary.committee.meeting", meeting, ["request_ids"])
        assert agenda["request_ids"] == [request]
        self.chair.call("beneficiary.committee.meeting", "action_start", [meeting])
        wizard = self.chair.call(
            "beneficiary.request.justify",
            "create",
            {
                "request_ids": [(6, 0, [request])],
                "mode": "urgent",
                "reason": "إخلاء وشيك للمسكن",
            },
        )
        self.chair.call("beneficiary.request.justify", "action_confirm", [wizard])
        return meeting

    def voted_meeting(self, reason, secretary_vote):
        """A request alone on the agenda of a meeting in session, the chair
        voting to approve it and the secretary ``secretary_vote``."""
        request = self.to_committee(reason)
        meeting = self.meeting_on(request)
        self.vote(self.chair, meeting, request, "approve")
        self.vote(self.secretary, meeting, request, secretary_vote)
        return request, meeting

    def close(self, session, meeting):
        return session.call("beneficiary.committee.meeting", "action_close", [meeting])

    def vote(self, session, meeting, request, vote):
        values = {"meeting_id": meeting, "request_id": request, "vote": vote}
        if vote == "reject":
            values["note"] = "الدخل يتجاوز حد البرنامج"
        return session.call("beneficiary.committee.vote", "create", values)

    def notices(self, request):
        """The notices the association posted to the applicant on ``request``."""
        return self.admin.call(
            "mail.message",
            "search_count",
            [
                ("model", "=", "beneficiary.request"),
                ("res_id", "=", request),
                ("message_type", "=", "comment"),
                ("author_id", "=", self.association),
            ],
        )

    def stored_votes(self, meeting, request):
        votes = self.admin.call(
            "beneficiary.committee.vote",
            "search_read",
            [("meeting_id", "=", meeting), ("request_id", "=", request)],
            ["member_id", "vote"],
        )
        return {vote["member_id"][0]: vote["vote"] for vote in votes}


@pytest.fixture(scope="module")
def workflow(login, admin):
    return Workflow(login, admin)


def expected_outcome(votes, chair):
    """The decision the stored votes call for: the majority of approve and
    reject votes, the chair breaking a tie (README, Research committee)."""
    approve = sum(1 for vote in votes.values() if vote == "approve")
    reject = sum(1 for vote in votes.values() if vote == "reject")
    if approve != reject:
        return "approved" if approve > reject else "rejected"
    return {"approve": "approved", "reject": "rejected"}[votes[chair]]


@pytest.mark.parametrize("change", [False, True], ids=["new vote", "changed vote"])
def test_vote_written_while_the_chair_closes(workflow, change):
    """A vote written while the meeting closes either lands before the
    decision is computed, and the decision counts it, or is refused."""
    wf = workflow
    for round_no in range(ROUNDS):
        # the chair approves, the secretary rejects: the third member decides
        request, meeting = wf.voted_meeting(f"سباق التصويت {change} {round_no}", "reject")
        if change:
            vote = wf.vote(wf.member, meeting, request, "approve")

            def racing_vote(vote=vote):
                return wf.member.call(
                    "beneficiary.committee.vote",
                    "write",
                    [vote],
                    {"vote": "reject", "note": "تبيّن دخل آخر للأسرة"},
                )
        else:

            def racing_vote(meeting=meeting, request=request):
                return wf.vote(wf.member, meeting, request, "reject")

        (voted, vote_error), (_closed, close_error) = race(
            racing_vote, lambda meeting=meeting: wf.close(wf.chair, meeting)
        )
        assert close_error is None, f"round {round_no}: {close_error}\n{close_error.debug}"
        votes = wf.stored_votes(meeting, request)
        member_vote = votes.get(wf.member.uid)
        if vote_error is None:
            assert voted
            assert member_vote == "reject", f"round {round_no}: the vote was accepted, not stored"
        else:
            assert_clear_refusal(vote_error)
            assert member_vote == ("approve" if change else None), (
                f"round {round_no}: a refused vote was stored"
            )
        result = wf.admin.read_one(
            "beneficiary.request", request, ["state", "decision", "approved_amount"]
        )
        assert result["state"] == expected_outcome(votes, wf.chair.uid), (
            f"round {round_no}: stored votes {votes} but the request is {result['state']}"
        )
        meeting_state = wf.admin.read_one("beneficiary.committee.meeting", meeting, ["state"])
        assert meeting_state["state"] == "closed"


def test_two_closes_of_the_same_meeting(workflow):
    """The chair and the secretary close the meeting at the same moment:
    the decisions are applied once, the other closing is refused."""
    wf = workflow
    for round_no in range(ROUNDS):
        request, meeting = wf.voted_meeting(f"سباق الإغلاق {round_no}", "approve")
        outcomes = race(
            *(
                lambda session=session, meeting=meeting: wf.close(session, meeting)
                for session in (wf.chair, wf.secretary)
            )
        )
        errors = [error for _result, error in outcomes if error is not None]
        assert len(errors) == 1, f"round {round_no}: {outcomes}"
        assert_clear_refusal(errors[0], ("odoo.exceptions.UserError",))
        result = wf.admin.read_one(
            "beneficiary.request", request, ["state", "decision", "date_decision"]
        )
        assert result["state"] == "approved" and result["decision"] == "approved"
        assert result["date_decision"]
        # the acknowledgement of the submission, then one decision notice
        assert wf.notices(request) == 2, f"round {round_no}: decision notified twice"
        minutes = wf.admin.read_one("beneficiary.committee.meeting", meeting, ["minutes"])
        assert minutes["minutes"].count("o_br_decisions") == 1, f"round {round_no}"


def test_two_submissions_of_the_same_request(workflow):
    """Two sessions of the officer submit the same request at once: it is
    submitted once, the other submission is refused."""
    wf = workflow
    sessions = (wf.officer, wf.login("officer"))
    for round_no in range(ROUNDS):
        reason = f"سباق التقديم {round_no}"
        request = wf.register(reason)
        outcomes = race(
            *(
                lambda session=session, request=request: session.call(
                    "beneficiary.request", "action_submit", [request]
                )
                for session in sessions
            )
        )
        errors = [error for _result, error in outcomes if error is not None]
        assert len(errors) == 1, f"round {round_no}: {outcomes}"
        assert_clear_refusal(errors[0], ("odoo.exceptions.UserError",))
        result = wf.admin.read_one(
            "beneficiary.request", request, ["state", "date_submitted", "date_deadline"]
        )
        assert result["state"] == "submitted"
        assert result["date_submitted"] and result["date_deadline"]
        assert wf.notices(request) == 1, f"round {round_no}: acknowledged twice"
        same = wf.admin.call("beneficiary.request", "search_count", [("reason", "=", reason)])
        assert same == 1
