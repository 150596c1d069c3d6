from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import format_amount
from odoo.tools.misc import format_date

from .. import rules
from ..tools import WAITING_STATES

# the request's steps charted, in workflow order
REQUEST_STEPS = (
    "draft",
    "submitted",
    "research",
    "committee",
    "approved",
    "rejected",
    "closed",
    "referred",
    "withdrawn",
)
REQUEST_VIEWS = [[False, "list"], [False, "kanban"], [False, "form"], [False, "pivot"]]


class BeneficiaryDashboard(models.AbstractModel):
    """The association's dashboard (client action ``beneficiary_relations.dashboard``).

    One call returns the figures of a period preset — this month, this
    quarter, this Hijri year, this Gregorian year — as cards and charts, each
    figure with the window action that opens its records.  The figures come
    from grouped queries of ``beneficiary.kpi`` and ``_read_group``; the
    number of queries does not grow with the data.
    """

    _name = "beneficiary.dashboard"
    _description = "Beneficiary Relations Dashboard"

    @api.model
    def get_dashboard(self, period="month"):
        """The dashboard of ``period`` (rules.PERIODS) for the current association."""
        kpi = self.env["beneficiary.kpi"]
        kpi._check_kpi_access()
        today = fields.Date.context_today(self)
        date_from, date_to = rules.period_bounds(period, today)
        kpis = kpi._compute_kpis(date_from, date_to)
        buckets = self._buckets(date_from, date_to, "week" if period == "month" else "month")
        return {
            "period": self._period_info(period, date_from, date_to),
            "periods": [
                {"key": key, "label": label} for key, label in self._period_labels().items()
            ],
            "cards": self._cards(kpis, date_from, date_to, today),
            "charts": [
                self._chart_requests(date_from, date_to, buckets),
                self._chart_decisions(date_from, date_to, buckets),
                self._chart_aid(kpis, date_from, date_to),
                self._chart_complaints(date_from, date_to),
                self._chart_satisfaction(date_from, date_to, buckets),
            ],
        }

    @api.model
    def action_print_period(self, period="month"):
        """Print the period report of ``period`` (the board's and the
        regulator's report of the same figures)."""
        self.env["beneficiary.kpi"]._check_kpi_access()
        date_from, date_to = rules.period_bounds(period, fields.Date.context_today(self))
        report = self.env["beneficiary.period.report"].create(
            {"date_from": date_from, "date_to": date_to}
        )
        return report.action_print()

    # --- the period -----------------------------------------------------------

    def _period_labels(self):
        return {
            "month": self.env._("This Month"),
            "quarter": self.env._("This Quarter"),
            "hijri_year": self.env._("This Hijri Year"),
            "year": self.env._("This Year"),
        }

    def _period_info(self, period, date_from, date_to):
        letter = self.env["beneficiary.letter"]
        if period == "month":
            title = format_date(self.env, date_from, date_format="MMMM y")
        elif period == "quarter":
            title = self.env._(
                "Quarter %(quarter)s, %(year)s",
                quarter=(date_from.month - 1) // 3 + 1,
                year=date_from.year,
            )
        elif period == "hijri_year":
            title = self.env._("%(year)s AH", year=rules.hijri_year(date_from))
        else:
            title = str(date_from.year)
        return {
            "key": period,
            "title": title,
            "from": letter._letter_date(date_from, one_line=True),
            "to": letter._letter_date(date_to, one_line=True),
        }

    def _buckets(self, date_from, date_to, granularity):
        """[(first day, last day, label)] of the weeks or months of the period."""
        buckets = []
        start = date_from
        while start <= date_to:
            if granularity == "week":
                end = min(start + timedelta(days=6 - (start.weekday() + 1) % 7), date_to)
                label = format_date(self.env, start, date_format="d MMM")
            else:
                end = min(rules.add_months(start.replace(day=1), 1) - timedelta(days=1), date_to)
                label = format_date(self.env, start, date_format="MMM y")
            buckets.append((start, end, label))
            start = end + timedelta(days=1)
        return buckets

    # --- helpers ----------------------------------------------------------------

    def _company_domain(self):
        return [("company_id", "=", self.env.company.id)]

    @staticmethod
    def _between(field_name, first, last):
        return [(field_name, ">=", str(first)), (field_name, "<=", str(last))]

    @staticmethod
    def _between_datetimes(field_name, first, last):
        """``field_name`` (a datetime) on the days ``first`` to ``last``."""
        start = datetime.combine(first, time.min)
        end = datetime.combine(last + timedelta(days=1), time.min)
        return [
            (field_name, ">=", fields.Datetime.to_string(start)),
            (field_name, "<", fields.Datetime.to_string(end)),
        ]

    def _action(self, name, model, domain, views=None):
        """The window action opening the records behind a figure."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": self._company_domain() + domain,
            "views": views or [[False, "list"], [False, "form"]],
            "context": {"create": False},
        }

    def _selection(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    def _amount(self, value):
        return format_amount(self.env, value or 0.0, self.env.company.currency_id)

    # --- the figures --------------------------------------------------------------

    def _cards(self, kpis, date_from, date_to, today):
        requests, decisions, aid = kpis["requests"], kpis["decisions"], kpis["aid"]
        complaints, satisfaction = kpis["complaints"], kpis["satisfaction"]
        submitted = self._between("date_submitted", date_from, date_to)
        decided = self._between("date_decision", date_from, date_to)
        received = self._between_datetimes("date_received", date_from, date_to)
        approved = [
            *decided,
            ("decision", "in", ("approved", "partial")),
            ("state", "in", ("approved", "closed")),
        ]
        approved_total = sum(row["approved"] for row in decisions["aid_by_program"])
        median = decisions["median_days"]
        overdue_complaints = self.env["stakeholder.complaint"].search_count(
            [*self._company_domain(), ("response_status", "=", "overdue")]
        )
        request_model = "beneficiary.request"
        return [
            {
                "key": "submitted",
                "label": self.env._("Requests Submitted"),
                "value": requests["total"],
                "action": self._action(
                    self.env._("Requests Submitted"), request_model, submitted, REQUEST_VIEWS
                ),
            },
            {
                "key": "decided",
                "label": self.env._("Requests Decided"),
                "value": decisions["decided"],
                "action": self._action(
                    self.env._("Requests Decided"), request_model, decided, REQUEST_VIEWS
                ),
            },
            {
                "key": "on_time",
                "label": self.env._("Decided Within the Window"),
                "value": f"{decisions['on_time_share']:.0f}%" if decisions["decided"] else "–",
                "tone": "success" if decisions["on_time_share"] >= 90 else "warning",
                "action": self._action(
                    self.env._("Decided Within the Window"),
                    request_model,
                    [*decided, ("decision_timing", "=", "on_time")],
                    REQUEST_VIEWS,
                ),
            },
            {
                "key": "median_days",
                "label": self.env._("Median Days to Decision"),
                "value": f"{median:.0f}" if median is not None else "–",
                "action": self._action(
                    self.env._("Requests Decided"), request_model, decided, REQUEST_VIEWS
                ),
            },
            {
                "key": "overdue",
                "label": self.env._("Requests Overdue Now"),
                "value": decisions["overdue_now"],
                "tone": "danger" if decisions["overdue_now"] else "success",
                "action": self._action(
                    self.env._("Requests Overdue Now"),
                    request_model,
                    [("state", "in", WAITING_STATES), ("date_deadline", "<", str(today))],
                    REQUEST_VIEWS,
                ),
            },
            {
                "key": "approved",
                "label": self.env._("Aid Approved"),
                "value": self._amount(approved_total),
                "action": self._action(
                    self.env._("Aid Approved"), request_model, approved, REQUEST_VIEWS
                ),
            },
            {
                "key": "paid",
                "label": self.env._("Aid Paid"),
                "value": self._amount(aid["paid"]),
                "action": self._action(
                    self.env._("Aid Paid"),
                    "beneficiary.disbursement",
                    [("amount_paid", ">", 0), *self._between("date_paid", date_from, date_to)],
                ),
            },
            {
                "key": "complaints",
                "label": self.env._("Complaints Received"),
                "value": complaints["received"],
                "action": self._action(
                    self.env._("Complaints Received"), "stakeholder.complaint", received
                ),
            },
            {
                "key": "complaints_overdue",
                "label": self.env._("Complaints Overdue Now"),
                "value": overdue_complaints,
                "tone": "danger" if overdue_complaints else "success",
                "action": self._action(
                    self.env._("Complaints Overdue Now"),
                    "stakeholder.complaint",
                    [("response_status", "=", "overdue")],
                ),
            },
            {
                "key": "satisfaction",
                "label": self.env._("Average Satisfaction (out of 5)"),
                "value": f"{satisfaction['average']:.1f}" if satisfaction["answers"] else "–",
                "action": self._action(
                    self.env._("Satisfaction Answers"),
                    "beneficiary.satisfaction.report",
                    [
                        ("is_answered", "=", True),
                        *self._between("date_answered", date_from, date_to),
                    ],
                    [[False, "list"], [False, "pivot"]],
                ),
            },
        ]

    def _chart_requests(self, date_from, date_to, buckets):
        """Requests submitted in each week or month, by their step now."""
        Request = self.env["beneficiary.request"]
        counts = {}
        for state, count in Request._read_group(
            self._company_domain() + self._between("date_submitted", date_from, date_to),
            ["state"],
            ["__count"],
        ):
            counts[state] = count
        labels = self._selection("beneficiary.request", "state")
        states = [state for state in REQUEST_STEPS if counts.get(state)]
        data = {
            (first, state): count
            for first, state, count in self._bucketed(
                Request, "date_submitted", date_from, date_to, buckets, "state"
            )
        }
        title = self.env._("Requests by Step and Date of Submission")
        return {
            "key": "requests",
            "title": title,
            "type": "bar",
            "stacked": True,
            "integer": True,
            "labels": [label for _first, _last, label in buckets],
            "datasets": [
                {
                    "label": labels[state],
                    "data": [data.get((first, state), 0) for first, _last, _label in buckets],
                    "actions": [
                        self._action(
                            title,
                            "beneficiary.request",
                            [*self._between("date_submitted", first, last), ("state", "=", state)],
                            REQUEST_VIEWS,
                        )
                        for first, last, _label in buckets
                    ],
                }
                for state in states
            ],
        }

    def _bucketed(self, model, date_field, date_from, date_to, buckets, group_field):
        """(bucket's first day, group value, count) of the records of the
        period by bucket (one query per bucket: a handful of weeks or months)."""
        rows = []
        for first, last, _label in buckets:
            for value, count in model._read_group(
                self._company_domain() + self._between(date_field, first, last),
                [group_field],
                ["__count"],
            ):
                rows.append((first, value, count))
        return rows

    def _chart_decisions(self, date_from, date_to, buckets):
        """Decisions of each week or month: within the window promised to the
        applicant, after its deadline, or urgent."""
        Request = self.env["beneficiary.request"]
        labels = self._selection("beneficiary.request", "decision_timing")
        data = {
            (first, timing): count
            for first, timing, count in self._bucketed(
                Request, "date_decision", date_from, date_to, buckets, "decision_timing"
            )
        }
        title = self.env._("Decisions Against the Window")
        colors = {"on_time": "success", "late": "danger", "urgent": "warning"}
        return {
            "key": "decisions",
            "title": title,
            "type": "bar",
            "stacked": True,
            "integer": True,
            "labels": [label for _first, _last, label in buckets],
            "datasets": [
                {
                    "label": label,
                    "tone": colors[timing],
                    "data": [data.get((first, timing), 0) for first, _last, _label in buckets],
                    "actions": [
                        self._action(
                            title,
                            "beneficiary.request",
                            [
                                *self._between("date_decision", first, last),
                                ("decision_timing", "=", timing),
                            ],
                            REQUEST_VIEWS,
                        )
                        for first, last, _label in buckets
                    ],
                }
                for timing, label in labels.items()
            ],
        }

    def _chart_aid(self, kpis, date_from, date_to):
        """Aid approved (decisions of the period) against aid paid and
        delivered in kind (payments and deliveries of the period), per program."""
        rows = kpis["programs"]
        programs = {
            program.display_name: program
            for program in self.env["beneficiary.program"].search(self._company_domain())
        }
        decided = self._between("date_decision", date_from, date_to)
        title = self.env._("Aid Approved and Paid per Program")

        def program_domain(row):
            program = programs.get(row["label"])
            return [("program_id", "=", program.id if program else False)]

        series = [
            (
                self.env._("Approved"),
                "approved",
                "beneficiary.request",
                [*decided, ("decision", "in", ("approved", "partial"))],
                REQUEST_VIEWS,
            ),
            (
                self.env._("Paid"),
                "paid",
                "beneficiary.disbursement",
                [("amount_paid", ">", 0), *self._between("date_paid", date_from, date_to)],
                None,
            ),
            (
                self.env._("Delivered in Kind"),
                "delivered",
                "beneficiary.disbursement",
                [("state", "=", "delivered"), *self._between("date_delivered", date_from, date_to)],
                None,
            ),
        ]
        return {
            "key": "aid",
            "title": title,
            "type": "bar",
            "stacked": False,
            "integer": False,
            "currency": True,
            "labels": [row["label"] for row in rows],
            "datasets": [
                {
                    "label": label,
                    "data": [row.get(key, 0.0) for row in rows],
                    "actions": [
                        self._action(title, model, [*domain, *program_domain(row)], views)
                        for row in rows
                    ],
                }
                for label, key, model, domain, views in series
            ],
        }

    def _chart_complaints(self, date_from, date_to):
        """Complaints received in the period per category: answered, open
        within their deadline, overdue."""
        Complaint = self.env["stakeholder.complaint"]
        received = self._between_datetimes("date_received", date_from, date_to)
        counts = {
            (category, status): count
            for category, status, count in Complaint._read_group(
                self._company_domain() + received,
                ["category", "response_status"],
                ["__count"],
            )
        }
        categories = [
            (key, label)
            for key, label in self._selection("stakeholder.complaint", "category").items()
            if any(category == key for category, _status in counts)
        ]
        statuses = self._selection("stakeholder.complaint", "response_status")
        colors = {"answered": "success", "open": "info", "overdue": "danger"}
        title = self.env._("Complaints by Category")
        return {
            "key": "complaints",
            "title": title,
            "type": "bar",
            "stacked": True,
            "integer": True,
            "horizontal": True,
            "labels": [label for _key, label in categories],
            "datasets": [
                {
                    "label": status_label,
                    "tone": colors[status],
                    "data": [counts.get((key, status), 0) for key, _label in categories],
                    "actions": [
                        self._action(
                            title,
                            "stakeholder.complaint",
                            [*received, ("category", "=", key), ("response_status", "=", status)],
                        )
                        for key, _label in categories
                    ],
                }
                for status, status_label in statuses.items()
            ],
        }

    def _chart_satisfaction(self, date_from, date_to, buckets):
        """The average satisfaction score of the answers of each week or month."""
        Report = self.env["beneficiary.satisfaction.report"]
        points = []
        for first, last, _label in buckets:
            domain = [
                *self._company_domain(),
                ("score", "!=", False),
                *self._between("date_answered", first, last),
            ]
            average, answers = Report._read_group(domain, [], ["score:avg", "__count"])[0]
            points.append((first, last, round(average, 2) if answers else None))
        title = self.env._("Satisfaction Trend")
        return {
            "key": "satisfaction",
            "title": title,
            "type": "line",
            "stacked": False,
            "integer": False,
            "max": 5,
            "labels": [label for _first, _last, label in buckets],
            "datasets": [
                {
                    "label": self.env._("Average Satisfaction (out of 5)"),
                    "data": [average for _first, _last, average in points],
                    "actions": [
                        self._action(
                            title,
                            "beneficiary.satisfaction.report",
                            [
                                ("is_answered", "=", True),
                                *self._between("date_answered", first, last),
                            ],
                            [[False, "list"], [False, "pivot"]],
                        )
                        for first, last, _average in points
                    ],
                }
            ],
        }
