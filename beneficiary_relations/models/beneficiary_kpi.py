from datetime import datetime, time

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import WAITING_STATES

SCORES = (1, 2, 3, 4, 5)


class BeneficiaryKpi(models.AbstractModel):
    """The association's indicators over a period, against the policy's
    promises (decision window, satisfaction, complaints handling, reach).

    Every figure comes from a grouped query (``_read_group`` or one SQL
    aggregate), so the number of queries does not grow with the data.
    A request counts in the period it was submitted in, a decision in the
    period it was taken in, a complaint in the period it was received (its
    resolution time in the period it was resolved in), a satisfaction answer
    in the period it was answered in and a reach record in the period its own
    period ends in.
    """

    _name = "beneficiary.kpi"
    _description = "Beneficiary Relations Indicators"
    # for its manager check (_check_manager), the module's one
    _inherit = ["beneficiary.step.mixin"]

    def _check_kpi_access(self):
        self._check_manager(
            self.env._("Only the beneficiary relations manager can see the indicators.")
        )

    def _company(self, domain):
        """``domain`` limited to the association the indicators are computed for."""
        return [("company_id", "=", self.env.company.id), *domain]

    def _selection_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    @api.model
    def _compute_kpis(self, date_from, date_to):
        """All the indicators of the period [date_from, date_to] as a dict of
        plain values and lists of rows, ready for the dashboard and the report."""
        self._check_kpi_access()
        # the analysis views and the SQL aggregates below read the database
        self.env.flush_all()
        today = fields.Date.context_today(self)
        requests = self._kpi_requests(date_from, date_to)
        decisions = self._kpi_decisions(date_from, date_to, today)
        aid = self._kpi_aid(date_from, date_to)
        return {
            "date_from": date_from,
            "date_to": date_to,
            "today": today,
            "requests": requests,
            "decisions": decisions,
            "aid": aid,
            "programs": self._kpi_programs(requests, decisions, aid),
            "complaints": self._kpi_complaints(date_from, date_to),
            "satisfaction": self._kpi_satisfaction(date_from, date_to),
            "reach": self._kpi_reach(date_from, date_to),
        }

    def _kpi_requests(self, date_from, date_to):
        Request = self.env["beneficiary.request"]
        domain = self._company(
            [("date_submitted", ">=", date_from), ("date_submitted", "<=", date_to)]
        )
        states = self._selection_labels("beneficiary.request", "state")
        lang = self.env.lang or "en_US"
        by_state = dict(Request._read_group(domain, ["state"], ["__count"]))
        return {
            "total": sum(by_state.values()),
            "by_state": [
                {"label": label, "count": by_state[key]}
                for key, label in states.items()
                if by_state.get(key)
            ],
            "by_program": [
                {"label": program.display_name, "count": count}
                for program, count in Request._read_group(domain, ["program_id"], ["__count"])
            ],
            "by_channel": [
                {"label": channel.display_name, "count": count}
                for channel, count in Request._read_group(domain, ["channel_id"], ["__count"])
            ],
            "by_month": [
                {
                    "label": format_date(self.env, month, lang_code=lang, date_format="MMMM y"),
                    "month_name": format_date(self.env, month, lang_code=lang, date_format="MMMM"),
                    "year": month.year,
                    "count": count,
                }
                for month, count in Request._read_group(
                    domain, ["date_submitted:month"], ["__count"], order="date_submitted:month"
                )
            ],
        }

    def _kpi_aid(self, date_from, date_to):
        """Aid paid through Odoo Accounting in the period (by payment date)
        and in-kind aid delivered, per program."""
        Disbursement = self.env["beneficiary.disbursement"]
        paid = Disbursement._read_group(
            self._company([("date_paid", ">=", date_from), ("date_paid", "<=", date_to)]),
            ["program_id"],
            ["amount_paid:sum"],
        )
        delivered = Disbursement._read_group(
            self._company(
                [
                    ("state", "=", "delivered"),
                    ("date_delivered", ">=", date_from),
                    ("date_delivered", "<=", date_to),
                ]
            ),
            ["program_id"],
            ["amount:sum"],
        )
        by_program = {}
        for program, amount in paid:
            by_program.setdefault(program.display_name, {})["paid"] = amount or 0.0
        for program, amount in delivered:
            by_program.setdefault(program.display_name, {})["delivered"] = amount or 0.0
        return {
            "paid": sum(row.get("paid", 0.0) for row in by_program.values()),
            "delivered": sum(row.get("delivered", 0.0) for row in by_program.values()),
            "by_program": by_program,
        }

    def _kpi_programs(self, requests, decisions, aid):
        """One row per program: requests submitted, decided, aid approved,
        paid and delivered in kind."""
        rows = {}
        for row in requests["by_program"]:
            rows[row["label"]] = {"label": row["label"], "submitted": row["count"]}
        for row in decisions["aid_by_program"]:
            program = rows.setdefault(row["label"], {"label": row["label"], "submitted": 0})
            program.update(decided=row["count"], approved=row["approved"])
        for label, amounts in aid["by_program"].items():
            rows.setdefault(label, {"label": label, "submitted": 0}).update(amounts)
        for program in rows.values():
            program.setdefault("decided", 0)
            program.setdefault("approved", 0.0)
            program.setdefault("paid", 0.0)
            program.setdefault("delivered", 0.0)
        return list(rows.values())

    def _kpi_decisions(self, date_from, date_to, today):
        Request = self.env["beneficiary.request"]
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*),
                       -- an urgent decision (before the policy's two weeks) is
                       -- counted apart, never as decided within the window
                       COUNT(*) FILTER (WHERE date_decision <= date_deadline
                                          AND urgent_decision IS NOT TRUE),
                       COUNT(*) FILTER (WHERE urgent_decision),
                       PERCENTILE_CONT(0.5) WITHIN GROUP
                           (ORDER BY (date_decision - date_submitted)::float),
                       PERCENTILE_CONT(0.9) WITHIN GROUP
                           (ORDER BY (date_decision - date_submitted)::float)
                  FROM beneficiary_request
                 WHERE company_id = %(company)s
                   AND date_submitted IS NOT NULL
                   AND date_decision BETWEEN %(date_from)s AND %(date_to)s
                """,
                company=self.env.company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        decided, on_time, urgent, median, p90 = self.env.cr.fetchone()
        window = self._company(
            [("date_decision", ">=", date_from), ("date_decision", "<=", date_to)]
        )
        referred = self._company(
            [("date_referred", ">=", date_from), ("date_referred", "<=", date_to)]
        )
        overdue = Request._read_group(
            self._company([("state", "in", WAITING_STATES), ("date_deadline", "<", today)]),
            [],
            ["__count"],
        )[0][0]
        referrals = Request._read_group(referred, ["referred_partner_id"], ["__count"])
        return {
            "decided": decided,
            "on_time": on_time,
            "urgent": urgent,
            "on_time_share": round(100.0 * on_time / decided, 1) if decided else 0.0,
            "median_days": median,
            "p90_days": p90,
            "overdue_now": overdue,
            "referred": sum(count for _partner, count in referrals),
            "referrals": [
                {"label": partner.display_name, "count": count} for partner, count in referrals
            ],
            "aid_by_program": [
                {"label": program.display_name, "count": count, "approved": amount or 0.0}
                for program, count, amount in Request._read_group(
                    window, ["program_id"], ["__count", "approved_amount:sum"]
                )
            ],
        }

    def _kpi_complaints(self, date_from, date_to):
        Complaint = self.env["stakeholder.complaint"]
        # the whole last day (not the next midnight: the period may end on 9999-12-31)
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to, time.max.replace(microsecond=0))
        received = dict(
            Complaint._read_group(
                self._company([("date_received", ">=", start), ("date_received", "<=", end)]),
                ["category"],
                ["__count"],
            )
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT category, COUNT(*),
                       PERCENTILE_CONT(0.5) WITHIN GROUP
                           (ORDER BY EXTRACT(EPOCH FROM date_resolved - date_received) / 86400)
                  FROM stakeholder_complaint
                 WHERE company_id = %(company)s
                   AND date_resolved >= %(start)s AND date_resolved <= %(end)s
              GROUP BY category
                """,
                company=self.env.company.id,
                start=start,
                end=end,
            )
        )
        resolved = {category: (count, median) for category, count, median in self.env.cr.fetchall()}
        rows = []
        for key, label in self._selection_labels("stakeholder.complaint", "category").items():
            count, median = resolved.get(key, (0, None))
            if received.get(key) or count:
                rows.append(
                    {
                        "label": label,
                        "received": received.get(key, 0),
                        "resolved": count,
                        "median_days": median,
                    }
                )
        return {
            "received": sum(received.values()),
            "resolved": sum(count for count, _median in resolved.values()),
            "by_category": rows,
            "by_channel": [
                {"label": channel.display_name, "count": count}
                for channel, count in Complaint._read_group(
                    self._company([("date_received", ">=", start), ("date_received", "<", end)]),
                    ["channel_id"],
                    ["__count"],
                )
            ],
        }

    def _kpi_satisfaction(self, date_from, date_to):
        Report = self.env["beneficiary.satisfaction.report"]
        sent, answered = Report._read_group(
            self._company([("date_sent", ">=", date_from), ("date_sent", "<=", date_to)]),
            [],
            ["__count", "answered_count:sum"],
        )[0]
        groups = Report._read_group(
            self._company(
                [
                    ("date_answered", ">=", date_from),
                    ("date_answered", "<=", date_to),
                    ("score", "!=", False),
                ]
            ),
            ["program_id", "score"],
            ["__count"],
        )
        programs = {}
        for program, score, count in groups:
            programs.setdefault(program, dict.fromkeys(SCORES, 0))[score] = count
        rows = []
        total = weighted = 0
        for program, distribution in programs.items():
            answers = sum(distribution.values())
            points = sum(score * count for score, count in distribution.items())
            total += answers
            weighted += points
            rows.append(
                {
                    "label": program.display_name,
                    "answers": answers,
                    "average": round(points / answers, 2),
                    "distribution": [distribution.get(score, 0) for score in SCORES],
                }
            )
        return {
            "sent": sent,
            "answered": answered or 0,
            "response_rate": round(100.0 * (answered or 0) / sent, 1) if sent else 0.0,
            "answers": total,
            "average": round(weighted / total, 2) if total else 0.0,
            "by_program": rows,
            "scores": SCORES,
        }

    def _kpi_reach(self, date_from, date_to):
        types = self._selection_labels("beneficiary.indirect.reach", "reach_type")
        groups = self.env["beneficiary.indirect.reach"]._read_group(
            self._company([("date_end", ">=", date_from), ("date_end", "<=", date_to)]),
            ["channel_id", "reach_type"],
            ["item_count:sum", "reach_count:sum"],
        )
        return {
            "items": sum(items for _c, _t, items, _people in groups),
            "people": sum(people for _c, _t, _items, people in groups),
            "by_channel": [
                {
                    "label": channel.display_name,
                    "type": types.get(reach_type, ""),
                    "items": items,
                    "people": people,
                }
                for channel, reach_type, items, people in groups
            ],
        }
