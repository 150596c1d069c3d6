import subprocess
import tempfile
import unicodedata
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import format_date

from .common_request import SatisfactionCommon

PERIOD = (date(2025, 1, 1), date(2025, 3, 31))


def month_label(env, month):
    return format_date(env, date(2025, month, 1), lang_code="en_US", date_format="MMMM y")


class KpiCommon(SatisfactionCommon):
    """A fixed dataset in an association of its own (no demo data counted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.association = cls.env["res.company"].create({"name": "جمعية المؤشرات"})
        cls.kpi_manager = new_test_user(
            cls.env,
            "br_kpi_manager",
            groups="beneficiary_relations.group_manager",
            company_id=cls.association.id,
            company_ids=[Command.set(cls.association.ids)],
        )
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=cls.association.ids))
        cls.kenv = env
        cls.phone = cls.env.ref("beneficiary_relations.channel_phone")
        cls.social = cls.env.ref("beneficiary_relations.channel_social_media")
        cls.program_a = env["beneficiary.program"].create({"name": "برنامج أ"})
        cls.program_b = env["beneficiary.program"].create({"name": "برنامج ب"})
        cls.kpi_beneficiary = env["beneficiary.beneficiary"].create(
            {
                "name": "مستفيدة المؤشرات",
                "national_id": cls.new_id(),
                "consent_date": "2024-01-01 10:00:00",
            }
        )
        cls.kpi_beneficiary._record_consents(["satisfaction"], family=False)

    @classmethod
    def history(cls, program, channel, submitted, deadline, state, decided=None, **vals):
        return cls.kenv["beneficiary.request"].create(
            {
                "beneficiary_id": cls.kpi_beneficiary.id,
                "program_id": program.id,
                "channel_id": channel.id,
                "requested_amount": 3000,
                "state": state,
                "date_submitted": submitted,
                "date_deadline": deadline,
                "date_decision": decided,
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestKpi(KpiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b, interview, phone = cls.program_a, cls.program_b, cls.channel, cls.phone
        h = cls.history
        cls.r1 = h(
            a,
            interview,
            "2025-01-05",
            "2025-02-16",
            "closed",
            "2025-01-15",
            decision="approved",
            approved_amount=1000,
        )
        cls.r2 = h(
            a,
            phone,
            "2025-01-10",
            "2025-02-21",
            "approved",
            "2025-02-09",
            decision="partial",
            approved_amount=2000,
        )
        cls.r3 = h(
            b, phone, "2025-02-01", "2025-03-15", "rejected", "2025-03-23", decision="rejected"
        )
        cls.r4 = h(
            b,
            interview,
            "2025-02-10",
            "2025-03-24",
            "closed",
            "2025-03-02",
            decision="approved",
            approved_amount=500,
        )
        cls.r5 = h(a, interview, "2025-03-01", "2025-04-05", "committee")
        cls.r6 = h(a, interview, "2025-03-05", "2025-04-20", "research")
        cls.r7 = h(
            a,
            phone,
            "2025-03-10",
            "2025-04-21",
            "referred",
            referred_partner_id=cls.civil_body.id,
            date_referred="2025-03-12",
        )
        # decided in the period, submitted before it
        cls.r8 = h(
            a,
            interview,
            "2024-12-20",
            "2025-01-31",
            "approved",
            "2025-01-04",
            decision="approved",
            approved_amount=300,
        )
        # submitted in the period, decided after it
        cls.r9 = h(
            b,
            interview,
            "2025-03-20",
            "2025-05-01",
            "approved",
            "2025-04-02",
            decision="approved",
            approved_amount=100,
        )

        Complaint = cls.kenv["stakeholder.complaint"]

        def complaint(category, received, resolved=None):
            return Complaint.create(
                {
                    "is_anonymous": True,
                    "channel_id": cls.phone.id,
                    "category": category,
                    "description": "<p>شكوى</p>",
                    "date_received": received,
                    "date_resolved": resolved,
                    "state": "resolved" if resolved else "received",
                }
            )

        complaint("service_quality", "2025-01-02 10:00:00", "2025-01-04 10:00:00")  # 2 days
        complaint("service_quality", "2025-02-01 08:00:00", "2025-02-07 20:00:00")  # 6.5 days
        complaint("service_quality", "2025-03-01 00:00:00", "2025-03-04 00:00:00")  # 3 days
        complaint("aid_delay", "2025-03-10 09:00:00")
        complaint("staff_conduct", "2024-12-28 00:00:00", "2025-01-03 00:00:00")  # 6 days

        answers = (cls.r1 | cls.r2 | cls.r3 | cls.r4)._send_satisfaction_survey()
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE survey_user_input SET create_date = '2025-03-20 10:00:00' WHERE id IN %s",
            [tuple(answers.ids)],
        )
        cls.env.invalidate_all()
        for request, score, day in (
            (cls.r1, 5, "2025-01-20"),
            (cls.r2, 3, "2025-02-15"),
            (cls.r4, 4, "2025-03-05"),
        ):
            with freeze_time(day):
                cls.answer(
                    answers.filtered(lambda a, r=request: a.beneficiary_request_id == r), score
                )

        Reach = cls.kenv["beneficiary.indirect.reach"]
        for name, channel, reach_type, end, items, people in (
            ("حملة ١", cls.social, "online_content", "2025-02-28", 3, 1000),
            ("حملة ٢", cls.social, "online_content", "2025-03-31", 2, 500),
            ("ملتقى", cls.channel, "event", "2025-04-15", 1, 300),
        ):
            Reach.create(
                {
                    "name": name,
                    "channel_id": channel.id,
                    "reach_type": reach_type,
                    "date_start": "2025-01-01",
                    "date_end": end,
                    "item_count": items,
                    "reach_count": people,
                }
            )

    def kpis(self):
        with freeze_time("2025-04-10"):
            kpi = self.env["beneficiary.kpi"].with_user(self.kpi_manager)
            return kpi.with_context(lang="en_US")._compute_kpis(*PERIOD)

    def test_request_figures(self):
        self.assertEqual(self.r3.decision_days, 50)
        self.assertFalse(self.r3.decided_on_time)
        self.assertTrue(self.r1.decided_on_time)
        requests = self.kpis()["requests"]
        self.assertEqual(requests["total"], 8)
        self.assertEqual(
            {row["label"]: row["count"] for row in requests["by_state"]},
            {
                "Closed": 2,
                "Approved": 2,
                "Rejected": 1,
                "At Committee": 1,
                "Under Research": 1,
                "Referred": 1,
            },
        )
        self.assertEqual(
            [(row["label"], row["count"]) for row in requests["by_month"]],
            [(month_label(self.env, month), count) for month, count in ((1, 2), (2, 2), (3, 4))],
        )
        self.assertEqual(
            {row["label"]: row["count"] for row in requests["by_program"]},
            {"برنامج أ": 5, "برنامج ب": 3},
        )
        self.assertEqual(
            {row["label"]: row["count"] for row in requests["by_channel"]},
            {self.channel.name: 5, self.phone.name: 3},
        )

    def test_urgent_decisions_counted_apart(self):
        # r1 was decided in 10 days: had it been urgent, it is not "within the window"
        self.r1.urgent_decision = True
        self.assertFalse(self.r1.decided_on_time)
        decisions = self.kpis()["decisions"]
        self.assertEqual(decisions["urgent"], 1)
        self.assertEqual(decisions["on_time"], 3)
        self.assertEqual(decisions["decided"], 5)

    def test_decision_figures(self):
        kpis = self.kpis()
        decisions = kpis["decisions"]
        # decided in the period: r1 10 days, r8 15, r4 20, r2 30, r3 50 (late)
        self.assertEqual(decisions["decided"], 5)
        self.assertEqual(decisions["on_time"], 4)
        self.assertEqual(decisions["on_time_share"], 80.0)
        self.assertEqual(decisions["urgent"], 0)
        self.assertEqual(decisions["median_days"], 20.0)
        self.assertAlmostEqual(decisions["p90_days"], 42.0)  # 30 + 0.6 * (50 - 30)
        self.assertEqual(decisions["overdue_now"], 1)  # r5, past its deadline on 2025-04-10
        self.assertEqual(decisions["referred"], 1)
        self.assertEqual(decisions["referrals"], [{"label": "جمعية مختصة", "count": 1}])
        self.assertEqual(
            {row["label"]: (row["count"], row["approved"]) for row in decisions["aid_by_program"]},
            {"برنامج أ": (3, 3300.0), "برنامج ب": (2, 500.0)},
        )
        self.assertEqual(
            {row["label"]: (row["submitted"], row["decided"]) for row in kpis["programs"]},
            {"برنامج أ": (5, 3), "برنامج ب": (3, 2)},
        )

    def dashboard(self, period):
        with freeze_time("2025-03-25"):
            return (
                self.env["beneficiary.dashboard"]
                .with_user(self.kpi_manager)
                .with_company(self.association)
                .with_context(lang="en_US")
                .get_dashboard(period)
            )

    def test_dashboard_figures_open_their_records(self):
        """Each figure of the dashboard opens exactly the records it counts."""
        dashboard = self.dashboard("quarter")
        self.assertEqual(dashboard["period"]["title"], "Quarter 1, 2025")
        self.assertIn("2025-01-01", dashboard["period"]["from"])
        self.assertIn("2025-03-31", dashboard["period"]["to"])
        cards = {card["key"]: card for card in dashboard["cards"]}
        self.assertEqual(cards["submitted"]["value"], 8)
        self.assertEqual(cards["decided"]["value"], 5)
        self.assertEqual(cards["complaints"]["value"], 4)
        for key in ("submitted", "decided", "complaints"):
            action = cards[key]["action"]
            found = (
                self.env[action["res_model"]].with_user(self.kpi_manager).search(action["domain"])
            )
            self.assertEqual(len(found), cards[key]["value"], key)
        on_time = cards["on_time"]["action"]
        self.assertEqual(
            self.env["beneficiary.request"].search(on_time["domain"]),
            self.r1 | self.r2 | self.r4 | self.r8,
        )

    def test_dashboard_charts(self):
        charts = {chart["key"]: chart for chart in self.dashboard("quarter")["charts"]}
        steps = charts["requests"]
        self.assertEqual(
            steps["labels"],
            [
                format_date(self.env, date(2025, m, 1), lang_code="en_US", date_format="MMM y")
                for m in (1, 2, 3)
            ],
        )
        # the steps in workflow order, each point opening its requests
        self.assertEqual(
            [dataset["label"] for dataset in steps["datasets"]],
            ["Under Research", "At Committee", "Approved", "Rejected", "Closed", "Referred"],
        )
        self.assertEqual(sum(sum(dataset["data"]) for dataset in steps["datasets"]), 8)
        closed = next(d for d in steps["datasets"] if d["label"] == "Closed")
        self.assertEqual(closed["data"], [1, 1, 0])
        self.assertEqual(
            self.env["beneficiary.request"].search(closed["actions"][1]["domain"]), self.r4
        )
        complaints = charts["complaints"]
        self.assertEqual(complaints["labels"], ["Service Quality", "Delay of Aid"])
        by_status = {dataset["label"]: dataset["data"] for dataset in complaints["datasets"]}
        self.assertEqual(by_status["Answered"], [3, 0])
        self.assertEqual(by_status["Within the Deadline"], [0, 1])
        self.assertTrue(all(chart["integer"] for chart in (steps, complaints)))

    def test_dashboard_period_presets(self):
        for period, first in (
            ("month", "2025-03-01"),
            ("hijri_year", "2024-07-07"),
            ("year", "2025-01-01"),
        ):
            self.assertIn(first, self.dashboard(period)["period"]["from"], period)
        with freeze_time("2025-03-25"):
            action = (
                self.env["beneficiary.dashboard"]
                .with_user(self.kpi_manager)
                .with_company(self.association)
                .action_print_period("quarter")
            )
        self.assertEqual(action["report_name"], "beneficiary_relations.report_period")
        with self.assertRaises(AccessError):
            self.env["beneficiary.dashboard"].with_user(self.officer).get_dashboard("month")

    def test_complaint_figures(self):
        complaints = self.kpis()["complaints"]
        self.assertEqual(complaints["received"], 4)
        self.assertEqual(complaints["resolved"], 4)
        rows = {row["label"]: row for row in complaints["by_category"]}
        self.assertEqual(set(rows), {"Service Quality", "Delay of Aid", "Staff Conduct"})
        self.assertEqual(rows["Service Quality"]["received"], 3)
        self.assertEqual(rows["Service Quality"]["resolved"], 3)
        self.assertAlmostEqual(rows["Service Quality"]["median_days"], 3.0)
        self.assertEqual(
            (rows["Delay of Aid"]["received"], rows["Delay of Aid"]["resolved"]), (1, 0)
        )
        self.assertIsNone(rows["Delay of Aid"]["median_days"])
        self.assertEqual(rows["Staff Conduct"]["received"], 0)
        self.assertAlmostEqual(rows["Staff Conduct"]["median_days"], 6.0)

    def test_satisfaction_figures(self):
        satisfaction = self.kpis()["satisfaction"]
        self.assertEqual(satisfaction["sent"], 4)
        self.assertEqual(satisfaction["answered"], 3)
        self.assertEqual(satisfaction["response_rate"], 75.0)
        self.assertEqual(satisfaction["answers"], 3)
        self.assertEqual(satisfaction["average"], 4.0)
        rows = {row["label"]: row for row in satisfaction["by_program"]}
        self.assertEqual(rows["برنامج أ"]["distribution"], [0, 0, 1, 0, 1])
        self.assertEqual(rows["برنامج أ"]["average"], 4.0)
        self.assertEqual(rows["برنامج ب"]["distribution"], [0, 0, 0, 1, 0])

    def test_reach_figures(self):
        reach = self.kpis()["reach"]
        self.assertEqual((reach["items"], reach["people"]), (5, 1500))
        self.assertEqual(
            reach["by_channel"],
            [{"label": self.social.name, "type": "Online Content", "items": 5, "people": 1500}],
        )

    def test_dashboard_shows_the_figures(self):
        with freeze_time("2025-04-10"):
            wizard = (
                self.env["beneficiary.period.report"]
                .with_user(self.kpi_manager)
                .create({"date_from": PERIOD[0], "date_to": PERIOD[1]})
            )
            self.assertEqual(wizard.company_id, self.association)
            self.assertEqual(wizard.request_count, 8)
            self.assertEqual(wizard.decided_count, 5)
            self.assertEqual(wizard.median_days, 20.0)
            self.assertEqual(wizard.overdue_count, 1)
            self.assertEqual(wizard.satisfaction_average, 4.0)
            self.assertEqual(wizard.reach_count, 1500)
            self.assertEqual(wizard.complaint_count, 4)

    def test_period_report_pdf_in_arabic(self):
        """The period report renders through wkhtmltopdf with its Arabic text."""
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        report = self.env.ref("beneficiary_relations.action_report_period")
        self.assertEqual(report.get_wkhtmltopdf_state(), "ok")
        manager = self.kpi_manager.with_context(lang="ar_001")
        with freeze_time("2025-04-10"):
            wizard = (
                self.env["beneficiary.period.report"]
                .with_user(manager)
                .with_context(lang="ar_001")
                .create({"date_from": PERIOD[0], "date_to": PERIOD[1]})
            )
            pdf, kind = (
                self.env["ir.actions.report"]
                .with_user(manager)
                .with_context(lang="ar_001", force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, wizard.ids)
            )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", file.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        text = unicodedata.normalize("NFKC", text)
        for words in ("تقرير", "المستفيدين", "الشكاوى", "الرضا", "جمعية المؤشرات", "برنامج"):
            self.assertIn(words, text)


@tagged("post_install", "-at_install")
class TestKpiQueryCount(KpiCommon):
    def measure(self):
        KPI = self.env["beneficiary.kpi"].with_user(self.kpi_manager)
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        KPI._compute_kpis(*PERIOD)
        return self.env.cr.sql_log_count - start

    def add_requests(self, count):
        for i in range(count):
            program = (self.program_a, self.program_b)[i % 2]
            self.history(program, self.channel, f"2025-0{1 + i % 3}-10", "2025-04-20", "submitted")
            self.history(
                program,
                self.phone,
                "2025-01-10",
                "2025-02-20",
                "approved",
                f"2025-01-{10 + i % 20:02d}",
                decision="approved",
                approved_amount=10,
            )

    def test_query_count_does_not_grow(self):
        self.add_requests(5)
        self.measure()  # warm the caches (models, groups, rules)
        small = self.measure()
        self.add_requests(45)
        self.assertEqual(self.measure(), small)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(small):
            self.env["beneficiary.kpi"].with_user(self.kpi_manager)._compute_kpis(*PERIOD)

    def test_period_report_rendering_does_not_grow(self):
        """The period report, printed from its period, in the same queries
        however many requests the period holds."""
        period = {"date_from": str(PERIOD[0]), "date_to": str(PERIOD[1])}

        def render():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.env["ir.actions.report"].with_user(self.kpi_manager)._render_qweb_html(
                "beneficiary_relations.report_period", None, data={"period": period}
            )
            return self.env.cr.sql_log_count - start

        self.add_requests(5)
        render()  # warm the caches (templates, assets, rules)
        small = render()
        self.add_requests(45)
        self.assertEqual(render(), small)


@tagged("post_install", "-at_install")
class TestDashboardAccess(SatisfactionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.request = cls.submitted_request()

    def test_officer_cannot_read_answers_nor_indicators(self):
        answer = self.survey.sudo()._create_answer(
            partner=self.request.partner_id,
            check_attempts=False,
            beneficiary_request_id=self.request.id,
        )
        request = self.request.with_user(self.officer)
        self.assertEqual(request.satisfaction_state, "sent", "the officer sees the state")
        with self.assertRaises(AccessError):
            answer.with_user(self.officer).read(["state"])
        with self.assertRaises(AccessError):
            request.read(["survey_answer_ids"])
        with self.assertRaises(AccessError):
            self.env["beneficiary.satisfaction.report"].with_user(self.officer).search([])
        with self.assertRaises(AccessError):
            self.env["beneficiary.kpi"].with_user(self.officer)._compute_kpis(*PERIOD)
        with self.assertRaises(AccessError):
            self.env["beneficiary.period.report"].with_user(self.officer).create({})
        # the manager sees the answer and the indicators
        self.assertEqual(answer.with_user(self.manager).state, "new")
        self.assertEqual(self.request.with_user(self.manager).survey_answer_ids, answer)
        self.assertTrue(self.env["beneficiary.kpi"].with_user(self.manager)._compute_kpis(*PERIOD))

    def test_committee_and_researcher_denied(self):
        for user in (self.member, self.chair, self.researcher):
            with self.assertRaises(AccessError):
                self.env["beneficiary.kpi"].with_user(user)._compute_kpis(*PERIOD)
            with self.assertRaises(AccessError):
                self.env["beneficiary.satisfaction.report"].with_user(user).search([])
        with self.assertRaises(AccessError):
            self.env["beneficiary.indirect.reach"].with_user(self.member).search([])

    def test_officer_records_reach(self):
        Reach = self.env["beneficiary.indirect.reach"].with_user(self.officer)
        reach = Reach.create(
            {
                "name": "نشرة",
                "channel_id": self.channel.id,
                "reach_type": "publication",
                "date_start": "2025-01-01",
                "date_end": "2025-01-31",
                "item_count": 1,
                "reach_count": 200,
            }
        )
        with self.assertRaises(AccessError):
            reach.unlink()
        with self.assertRaisesRegex(Exception, "ends before it starts"):
            reach.date_end = "2024-12-01"
