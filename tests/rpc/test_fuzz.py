"""Malformed create and write calls over RPC, across the module's models.

At least 1,000 calls, seeded and deterministic, as the officer, the chair and
the manager (admin): every field of every ``beneficiary.*`` and
``stakeholder.*`` model, and the module's fields on the contact, its bank
accounts and the company, receive values of the wrong type or out of range.
Each call succeeds or fails with one of Odoo's own errors; a Python error
(``AttributeError``, ``KeyError``, ``TypeError``, …) raised from the module's
code is a fault.  Records created or written are read back, so that their
computed fields run on what was stored.  Afterwards the data must still keep
the module's invariants.
"""

import math
import os
import random

import pytest
from odoo_rpc import RpcError

# another seed explores other calls: BR_FUZZ_SEED=7 (the test command uses this one)
SEED = int(os.environ.get("BR_FUZZ_SEED", 20251206))
CALLS_PER_USER = 350
USERS = ("officer", "chair", "admin")
MODULE = "beneficiary_relations"

ODOO_ERRORS = {
    f"odoo.exceptions.{name}"
    for name in ("UserError", "ValidationError", "AccessError", "MissingError", "AccessDenied")
}
# conversion errors that Odoo, or PostgreSQL below it, raises on a value of
# the wrong type or out of range
CONVERSION_ERRORS = {
    "builtins.ValueError",
    "builtins.UnicodeEncodeError",
    "builtins.OverflowError",
    "psycopg2.DataError",
    "psycopg2.errors.NumericValueOutOfRange",
    "psycopg2.errors.DatetimeFieldOverflow",
    "psycopg2.errors.InvalidDatetimeFormat",
    "psycopg2.errors.InvalidTextRepresentation",
    "psycopg2.errors.UntranslatableCharacter",
    "psycopg2.errors.CharacterNotInRepertoire",
}
MAGIC_FIELDS = {"id", "create_uid", "create_date", "write_uid", "write_date", "display_name"}
# mail.thread's and mail.activity.mixin's fields are not the module's
INHERITED_PREFIXES = ("message_", "activity_", "website_message", "has_message", "rating_")
# the fields the module adds to Odoo's models; on bank accounts it adds no
# field but validates these two (a beneficiary's IBAN)
EXTENDED_MODELS = {
    "res.partner": None,
    "res.company": None,
    "res.partner.bank": {"acc_number", "partner_id"},
}
# the button that confirms each wizard of the module
WIZARD_BUTTONS = {
    "beneficiary.consent.record": "action_confirm",
    "beneficiary.consent.withdraw": "action_confirm",
    "beneficiary.data.breach.notice": "action_confirm",
    "beneficiary.data.request.answer": "action_confirm",
    "beneficiary.disbursement.plan": "action_confirm",
    "beneficiary.period.report": "action_print",
    "beneficiary.portal.invite": "action_send_email",
    "beneficiary.request.escalate": "action_confirm",
    "beneficiary.request.justify": "action_confirm",
    "beneficiary.request.refer": "action_confirm",
    "beneficiary.request.withdraw": "action_confirm",
    "stakeholder.compensation.reject": "action_confirm",
}
MAIN_MODELS = {
    "beneficiary.beneficiary",
    "beneficiary.request",
    "beneficiary.committee.meeting",
    "beneficiary.committee.vote",
    "beneficiary.disbursement",
    "stakeholder.complaint",
    "stakeholder.compensation",
    "stakeholder.policy",
}

SUBMITTED_STATES = ("submitted", "research", "committee", "approved", "rejected", "closed")
DECIDED_STATES = ("approved", "rejected", "closed")

HUGE = "ع" * 300_000
# (no lone surrogate such as "\ud800": Odoo's HTTP layer itself cannot
# encode its answer then, whatever the model)
ANY_TYPE = [
    None,
    True,
    False,
    0,
    -1,
    2**31,
    -(2**63),
    10**40,
    3.75,
    -1e308,
    float("inf"),
    float("nan"),
    "",
    "   ",
    HUGE,
    "\x00",
    "٠١٢٣٤٥٦٧٨٩",
    "<script>alert(1)</script>",
    "'; DROP TABLE beneficiary_request; --",
    [],
    [1, 2],
    [None],
    [[[[[]]]]],
    {},
    {"id": 1, "name": [1]},
]
BY_TYPE = {
    "char": [12345, 3.5, True, ["a"], {"ar": "x"}, HUGE, "\x00x", "٠٥٠١٢٣٤٥٦٧", "SA00", -7],
    "text": [12345, 3.5, True, ["a"], {"ar": "x"}, HUGE, "\x00", None],
    "html": [12345, True, ["<p>"], "<p><b>unclosed", "<img src=x onerror=alert(1)>", HUGE],
    "integer": ["12", "abc", 2**31, -(2**31) - 1, 2**64, 1.7, -5, True, [], "1e3", None],
    "float": ["abc", "1e999", -1, -0.01, 1e308, 1e20, float("inf"), float("nan"), True, [1]],
    "monetary": ["abc", "1e999", -1, -0.01, 1e308, 1e20, float("inf"), float("nan"), True, [1]],
    "boolean": ["false", 2, -1, [], {}, "yes", None, "0"],
    "date": [
        "2025-02-30",
        "30/01/2025",
        "0000-00-00",
        "9999-12-31",
        "0001-01-01",
        "2025-1-1",
        20250101,
        True,
        "2025-01-01 10:00:00",
        "yesterday",
        "",
        None,
        False,
        ["2025-01-01"],
    ],
    "datetime": [
        "2025-01-01 25:00:00",
        "2025-01-01T10:00:00Z",
        "2025-01-01",
        1735689600,
        "9999-12-31 23:59:59",
        "0001-01-01 00:00:00",
        "not a time",
        True,
        None,
        False,
    ],
    "selection": ["bogus", "", 1, True, ["approved"], None, False, "Approved", "approved "],
    "many2one": [999999999, -1, 0, "1", [1], [1, "x"], {"id": 1}, True, 2**40, 1.5, None, False],
    "binary": ["not base64!", 123, "\x00", HUGE, True, ["x"]],
}
X2MANY = [
    1,
    "1,2",
    {"ids": [1]},
    [(0, 0, {})],
    [(0, 0, None)],
    [(1, 999999999, {})],
    [(2, 999999999)],
    [(3,)],
    [(4, "x")],
    [(4, 999999999)],
    [(5,)],
    [(6, 0, "x")],
    [(6, 0, [999999999])],
    [(6, 0, [None])],
    [(7, 1)],
    [[9, 9, 9, 9]],
    [(0, 0, {"bogus_field": 1})],
    [(1, -1, {"name": [1]})],
    [(0, 0, "x")],
    [(0, 0, [1])],
    [(1, 1, None)],
    [(1, 1, "state")],
    [1, 2, 3],
    [[]],
]

# create()/write() values that are not values at all
SHAPELESS = [None, "state", 42, [None], [{"name": "x"}, 7], [[("name", "x")]], ["name"], [[]]]


def is_module(path):
    return f"/{MODULE}/" in path


def is_addon(path):
    return is_module(path) or "/addons/" in path


def module_fault(error):
    """Where the module's code raised ``error`` (a string), or None when it
    is one of Odoo's own errors: an Odoo exception, or an error Odoo raised
    on a value the module only handed on (``super().create(vals)``), or a
    conversion error (a ``ValueError``, PostgreSQL's data errors) raised
    outside the module's code."""
    if error.name in ODOO_ERRORS:
        return None
    frames = error.frames
    if not frames:
        return f"{error.name} without a traceback"
    path, line, function, code = frames[-1]
    if is_module(path):
        return f"{path.split(f'/{MODULE}/')[1]}:{line} in {function}: {code}"
    # raised in Odoo's framework or a library: on whose behalf? the innermost
    # frame of an addon
    callers = [frame for frame in frames if is_addon(frame[0])]
    if not callers or not is_module(callers[-1][0]):
        return None
    path, line, function, code = callers[-1]
    if "super(" in code or error.name in CONVERSION_ERRORS:
        return None
    return f"{path.split(f'/{MODULE}/')[1]}:{line} in {function}: {code} ({error.name} below)"


class Fuzzer:
    """The models and fields to fuzz, the values to send, the calls to make."""

    def __init__(self, admin):
        self.admin = admin
        self.rng = random.Random(SEED)
        self.company = admin.ref(f"{MODULE}.company_demo")
        self.wizards = set()
        self.fields = {}
        for model in self._module_models():
            self.fields[model] = {
                name: info
                for name, info in self._fields_get(model).items()
                if name not in MAGIC_FIELDS and not name.startswith(INHERITED_PREFIXES)
            }
        for model, names in EXTENDED_MODELS.items():
            names = names or self._module_fields(model)
            fields = self._fields_get(model)
            self.fields[model] = {name: fields[name] for name in sorted(names)}
        self.base = {model: self._base_values(model) for model in self.fields}

    def _fields_get(self, model):
        return self.admin.call(
            model, "fields_get", attributes=["type", "relation", "selection", "required"]
        )

    def _module_models(self):
        """The module's models the manager can reach (not the abstract ones)."""
        models = self.admin.call(
            "ir.model",
            "search_read",
            ["|", ("model", "=like", "beneficiary.%"), ("model", "=like", "stakeholder.%")],
            ["model", "transient"],
            order="model",
        )
        reachable = []
        for record in models:
            try:
                self.admin.call(record["model"], "search_count", [])
            except RpcError:
                continue  # abstract (mixins, letters, indicators)
            reachable.append(record["model"])
            if record["transient"]:
                self.wizards.add(record["model"])
        return reachable

    def _module_fields(self, model):
        data = self.admin.call(
            "ir.model.data",
            "search_read",
            [("module", "=", MODULE), ("model", "=", "ir.model.fields")],
            ["res_id"],
        )
        fields = self.admin.call(
            "ir.model.fields",
            "search_read",
            [("id", "in", [d["res_id"] for d in data]), ("model", "=", model)],
            ["name"],
        )
        return {field["name"] for field in fields}

    def _base_values(self, model):
        """Valid values of the required fields, from an existing record of the
        demo association when there is one."""
        fields = self._fields_get(model)
        required = [name for name, info in fields.items() if info.get("required")]
        # what Odoo fills itself is left to it (a step's date, the state)
        try:
            defaults = self.admin.call(model, "default_get", required)
        except RpcError:  # an override without @api.model (res.partner.bank's)
            defaults = self.admin.call(model, "default_get", [], required)
        required = [name for name in required if name not in defaults]
        domain = [("company_id", "=", self.company)] if "company_id" in fields else []
        existing = self.admin.call(model, "search_read", domain, required, limit=1, order="id")
        values = {}
        for name in required:
            info = fields[name]
            if name in ("name", "state") or name in MAGIC_FIELDS:
                continue
            if existing and existing[0][name] not in (False, None):
                value = existing[0][name]
                if info["type"] == "many2one":
                    value = value[0]
                elif info["type"] in ("one2many", "many2many"):
                    continue
            elif info["type"] == "many2one":
                value = self._first(info["relation"])
            elif info["type"] == "selection":
                value = info["selection"][0][0]
            else:
                value = {
                    "date": "2025-06-01",
                    "datetime": "2025-06-01 10:00:00",
                    "integer": 1,
                    "float": 1.0,
                    "monetary": 1.0,
                    "boolean": True,
                }.get(info["type"], "اختبار")
            values[name] = value
        if "name" in fields and fields["name"]["type"] == "char":
            values["name"] = "اختبار"
        return values

    def _first(self, model):
        if model == "res.company":
            return self.company
        found = self.admin.call(model, "search", [], limit=1, order="id")
        return found[0] if found else False

    def value(self, info, depth=0):
        """A malformed value for a field described by ``info``."""
        rng = self.rng
        kind = info["type"]
        if rng.random() < 0.2:
            return rng.choice(ANY_TYPE)
        if kind in ("one2many", "many2many"):
            if depth == 0 and info.get("relation") in self.fields and rng.random() < 0.4:
                # a create command whose values are themselves malformed
                comodel = self.fields[info["relation"]]
                name = rng.choice(sorted(comodel))
                return [(0, 0, {name: self.value(comodel[name], depth + 1)})]
            return rng.choice(X2MANY)
        if kind == "selection" and info.get("selection") and rng.random() < 0.3:
            return rng.choice(info["selection"])[0].upper()
        return rng.choice(BY_TYPE.get(kind, ANY_TYPE))

    def calls(self, user, targets):
        """``CALLS_PER_USER`` calls for ``user``: (method, model, args)."""
        rng = self.rng
        models = sorted(self.fields)
        for _ in range(CALLS_PER_USER):
            model = rng.choice(models)
            fields = self.fields[model]
            names = rng.sample(sorted(fields), min(len(fields), rng.choice((1, 1, 1, 2, 3))))
            values = {name: self.value(fields[name]) for name in names}
            write = targets.get(model) and rng.random() < 0.5
            if rng.random() < 0.05:
                # not even a set of values
                values = rng.choice(SHAPELESS)
            elif not write:
                values = {**self.base[model], **values}
            if write:
                yield "write", model, [[rng.choice(targets[model])], values]
            else:
                yield "create", model, [values]


def describe(method, model, args):
    text = repr(args[-1])
    return f"{model}.{method}({text[:160]}{'…' if len(text) > 160 else ''})"


def snapshot(admin):
    """What no fuzzed call may change: the decided requests, and the votes
    and the attendance of closed meetings."""
    requests = admin.call(
        "beneficiary.request",
        "search_read",
        [("state", "in", ("approved", "rejected", "closed", "referred", "withdrawn"))],
        [
            "state",
            "decision",
            "approved_amount",
            "requested_amount",
            "date_decision",
            "decision_reason",
            "beneficiary_id",
            "program_id",
            "meeting_id",
            "referred_partner_id",
        ],
        order="id",
    )
    votes = admin.call(
        "beneficiary.committee.vote",
        "search_read",
        [("meeting_id.state", "=", "closed")],
        ["meeting_id", "request_id", "member_id", "vote", "amount", "note"],
        order="id",
    )
    attendance = admin.call(
        "beneficiary.committee.attendee",
        "search_read",
        [("meeting_id.state", "=", "closed")],
        ["meeting_id", "user_id", "attendance"],
        order="id",
    )
    # a linked record by its id (its name may change: a file is renamed)
    return [
        [
            {name: value[0] if isinstance(value, list) else value for name, value in row.items()}
            for row in rows
        ]
        for rows in (requests, votes, attendance)
    ]


def invariant_breaches(admin):
    """The rows that break the module's invariants, as readable lines."""
    breaches = []
    requests = admin.call(
        "beneficiary.request",
        "search_read",
        [],
        [
            "name",
            "state",
            "decision",
            "date_decision",
            "approved_amount",
            "requested_amount",
            "recommended_amount",
            "date_submitted",
            "date_deadline",
            "awaiting_manager",
            "amount_planned",
        ],
        order="id",
    )
    for request in requests:
        label = f"request {request['id']} {request['name']} ({request['state']})"
        amounts = [
            request[name] for name in ("approved_amount", "requested_amount", "recommended_amount")
        ]
        if any(not math.isfinite(amount) or amount < 0 for amount in amounts):
            breaches.append(f"{label}: amounts {amounts}")
        if request["name"] in (False, "/"):
            breaches.append(f"{label}: no reference")
        if request["state"] in SUBMITTED_STATES and not (
            request["date_submitted"] and request["date_deadline"]
        ):
            breaches.append(f"{label}: submitted without its submission step")
        if request["state"] in ("approved", "rejected") and not request["date_decision"]:
            breaches.append(f"{label}: decided without a decision date")
        if request["state"] == "approved" and (
            request["decision"] not in ("approved", "partial") or request["approved_amount"] <= 0
        ):
            breaches.append(f"{label}: approved without an approval decision")
        if request["state"] == "rejected" and request["decision"] != "rejected":
            breaches.append(f"{label}: rejected without a rejection decision")
        if request["state"] not in (*DECIDED_STATES, "committee") and request["decision"]:
            breaches.append(f"{label}: a decision on an undecided request")
        if (
            request["state"] == "committee"
            and request["decision"]
            and not request["awaiting_manager"]
        ):
            breaches.append(f"{label}: decided but still at the committee")
    by_id = {request["id"]: request for request in requests}
    disbursements = admin.call(
        "beneficiary.disbursement",
        "search_read",
        [("state", "!=", "cancelled")],
        ["request_id", "amount"],
        order="id",
    )
    planned = {}
    for line in disbursements:
        if not math.isfinite(line["amount"]) or line["amount"] <= 0:
            breaches.append(f"installment {line['id']}: amount {line['amount']}")
        planned[line["request_id"][0]] = planned.get(line["request_id"][0], 0) + line["amount"]
    for request_id, amount in planned.items():
        request = by_id[request_id]
        if request["state"] not in ("approved", "closed"):
            breaches.append(f"request {request['name']}: aid planned while {request['state']}")
        if round(amount, 2) > round(request["approved_amount"], 2):
            breaches.append(
                f"request {request['name']}: {amount} planned for {request['approved_amount']} "
                "approved"
            )
    meetings = admin.call(
        "beneficiary.committee.meeting",
        "search_read",
        [],
        ["name", "state", "date_closed", "closed_by_id", "attendee_ids"],
    )
    for meeting in meetings:
        if meeting["state"] == "closed" and not (
            meeting["date_closed"] and meeting["closed_by_id"]
        ):
            breaches.append(f"meeting {meeting['name']}: closed without its closing step")
        if meeting["state"] == "closed" and not meeting["attendee_ids"]:
            breaches.append(f"meeting {meeting['name']}: closed without attendees")
    votes = admin.call(
        "beneficiary.committee.vote",
        "search_read",
        [],
        ["meeting_id", "request_id", "member_id"],
    )
    agenda = {}
    for vote in votes:
        meeting = vote["meeting_id"][0]
        if meeting not in agenda:
            agenda[meeting] = set(
                admin.call("beneficiary.request", "search", [("meeting_id", "=", meeting)])
            )
        # the decided requests keep the meeting that decided them
        if vote["request_id"][0] not in agenda[meeting]:
            breaches.append(f"vote {vote['id']}: on a request not on its meeting's agenda")
    beneficiaries = admin.call(
        "beneficiary.beneficiary",
        "search_read",
        [],
        ["name", "partner_id", "national_id", "mobile"],
        context={"active_test": False},
    )
    for beneficiary in beneficiaries:
        if not beneficiary["partner_id"]:
            breaches.append(f"beneficiary {beneficiary['id']}: no contact")
        national_id = beneficiary["national_id"]
        if national_id and not (len(national_id) == 10 and national_id.isdigit()):
            breaches.append(f"beneficiary {beneficiary['id']}: national ID {national_id!r}")
        mobile = beneficiary["mobile"]
        if mobile and not (mobile.startswith("+9665") and len(mobile) == 13):
            breaches.append(f"beneficiary {beneficiary['id']}: mobile {mobile!r}")
    return breaches


def attempt(session, model, method, *args):
    """(result, None) or (None, the server's error)."""
    try:
        return session.call(model, method, *args), None
    except RpcError as error:
        return None, error


def day_of_work(login, fuzzer):
    """The officer's and the chair's usual steps once the fuzz is over: a
    value the fuzz got accepted (a setting, a program, a committee) must not
    turn them into tracebacks.  (user, method, model, args, error) each."""
    officer, chair = login("officer"), login("chair")
    done = []

    def step(session, model, method, *args):
        result, error = attempt(session, model, method, *args)
        done.append((session.login, method, model, list(args), error))
        return result

    complaint = fuzzer.base["stakeholder.complaint"]
    for severity in ("low", "medium", "high", "critical"):
        step(officer, "stakeholder.complaint", "create", {**complaint, "severity": severity})
    request = step(officer, "beneficiary.request", "create", fuzzer.base["beneficiary.request"])
    if request:
        step(officer, "beneficiary.request", "action_sign_declaration", [request])
        step(officer, "beneficiary.request", "action_submit", [request])
    meeting = step(
        chair,
        "beneficiary.committee.meeting",
        "create",
        fuzzer.base["beneficiary.committee.meeting"],
    )
    if meeting:
        step(chair, "beneficiary.committee.meeting", "action_add_pending_requests", [meeting])
        step(chair, "beneficiary.committee.meeting", "action_start", [meeting])
    return done


@pytest.fixture(scope="module")
def fuzz_run(login, admin):
    """Run the calls once; the tests below look at what they did."""
    fuzzer = Fuzzer(admin)
    before = snapshot(admin)
    breaches_before = invariant_breaches(admin)
    outcomes = []  # (user, method, model, args, error or None) of the fuzzed calls
    followups = []  # the same, of what the users did with what was accepted
    for name in USERS:
        session = login(name)
        targets = {}
        for model in sorted(fuzzer.fields):
            found, _error = attempt(session, model, "search", [], 0, 5, "id")
            targets[model] = found or []
        for method, model, args in fuzzer.calls(name, targets):
            result, error = attempt(session, model, method, *args)
            outcomes.append((name, method, model, args, error))
            if error:
                continue
            # read back what was stored: computed fields run on it; and the
            # wizard accepted is confirmed
            ids = args[0] if method == "write" else result if isinstance(result, list) else [result]
            then = [("read", [ids, list(fuzzer.fields[model])])]
            if method == "create" and model in WIZARD_BUTTONS:
                # (a wizard missing from the table fails the test of the table)
                then.append((WIZARD_BUTTONS[model], [ids]))
            for follow, follow_args in then:
                _result, error = attempt(session, model, follow, *follow_args)
                followups.append((name, follow, model, follow_args, error))
    followups += day_of_work(login, fuzzer)
    return {
        "fuzzer": fuzzer,
        "outcomes": outcomes,
        "followups": followups,
        "before": before,
        "after": snapshot(admin),
        "breaches_before": breaches_before,
        "breaches_after": invariant_breaches(admin),
    }


def test_every_model_and_field_is_fuzzed(fuzz_run):
    fuzzer = fuzz_run["fuzzer"]
    assert set(fuzzer.fields) >= MAIN_MODELS | set(EXTENDED_MODELS)
    assert "stakeholder_type" in fuzzer.fields["res.partner"]
    assert "complaint_days_low" in fuzzer.fields["res.company"]
    assert fuzzer.wizards == set(WIZARD_BUTTONS)
    outcomes = fuzz_run["outcomes"]
    assert len(outcomes) >= 1000
    fuzzed = {model for _user, _method, model, _args, _error in outcomes}
    assert fuzzed == set(fuzzer.fields)
    # the fuzz reaches past the access rights: some calls are accepted
    accepted = [outcome for outcome in outcomes if outcome[-1] is None]
    assert len(accepted) >= 50, f"only {len(accepted)} of {len(outcomes)} calls accepted"


def test_no_traceback_from_the_module(fuzz_run):
    faults = []
    for user, method, model, args, error in fuzz_run["outcomes"] + fuzz_run["followups"]:
        if error is None:
            continue
        where = module_fault(error)
        if where:
            faults.append(
                f"{user}: {describe(method, model, args)}\n    {error.name}: "
                f"{error.message[:200]}\n    at {where}"
            )
    assert not faults, f"{len(faults)} calls raised from the module's code:\n" + "\n".join(faults)


def test_decided_data_unchanged(fuzz_run):
    requests_before, votes_before, attendance_before = fuzz_run["before"]
    requests_after, votes_after, attendance_after = fuzz_run["after"]
    after = {request["id"]: request for request in requests_after}
    for request in requests_before:
        assert after.get(request["id"]) == request, f"decided request {request['id']} changed"
    assert votes_after == votes_before, "a vote of a closed meeting changed"
    assert attendance_after == attendance_before, "the attendance of a closed meeting changed"


def test_invariants_hold_after_the_fuzz(fuzz_run):
    assert fuzz_run["breaches_before"] == []
    assert fuzz_run["breaches_after"] == []
