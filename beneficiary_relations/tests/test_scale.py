"""The module at an association's scale: the duplicates kept on write, the
bulk import of files, a committee deciding many requests at once, the daily
jobs on several workers, and query counts that do not grow with the data
(bench/ measures the times at 100,000 files; these prove the shapes)."""

import io
import re
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import file_open

from ..tools import IMPORT_COLUMNS, skip_locked
from .common import BeneficiaryCommon
from .common_request import RequestCommon

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = {field: header for header, field in IMPORT_COLUMNS.items()}


def queries(env, function):
    """The number of queries ``function`` runs, from an empty ORM cache."""
    env.flush_all()
    env.invalidate_all()
    start = env.cr.sql_log_count
    function()
    env.flush_all()
    return env.cr.sql_log_count - start


@tagged("post_install", "-at_install")
class TestDuplicateFlags(BeneficiaryCommon):
    """The *Possible Duplicate* flag is stored, kept by every change of an ID
    or a mobile number (of the file, its contact or its household), and says
    what the warnings say."""

    def assertFlags(self, flagged, unflagged):
        files = flagged | unflagged
        files.invalidate_recordset()
        self.assertEqual(files.filtered("has_possible_duplicate"), flagged)
        for beneficiary in files:
            self.assertEqual(bool(beneficiary.duplicate_warning), beneficiary in flagged)
        self.assertEqual(
            self.Beneficiary.search(
                [("has_possible_duplicate", "=", True), ("id", "in", files.ids)]
            ),
            flagged,
        )

    def test_flags_follow_every_change(self):
        first = self.create_beneficiary(national_id=self.new_id(), mobile="0502220001")
        second = self.create_beneficiary(national_id=self.new_id(), mobile="0502220001")
        third = self.create_beneficiary(national_id=self.new_id(), mobile="0502220003")
        self.assertFlags(first | second, third)
        # the file's own number changed, then its contact's
        second.mobile = "0502220002"
        self.assertFlags(first.browse(), first | second | third)
        third.partner_id.mobile = "+966502220001"
        self.assertFlags(first | third, second)
        third.partner_id.mobile = False
        self.assertFlags(first.browse(), first | second | third)
        # a family member whose ID is another file's beneficiary
        second.write(
            {
                "family_member_ids": [
                    Command.create(
                        {"name": "الزوجة", "relation": "spouse", "national_id": first.national_id}
                    )
                ]
            }
        )
        self.assertFlags(first | second, third)
        member = second.family_member_ids
        member.national_id = self.new_id()
        self.assertFlags(first.browse(), first | second | third)
        # the same member in two households
        third.write(
            {
                "family_member_ids": [
                    Command.create(
                        {"name": "الابن", "relation": "son", "national_id": member.national_id}
                    )
                ]
            }
        )
        self.assertFlags(second | third, first)
        third.family_member_ids.unlink()
        self.assertFlags(first.browse(), first | second | third)
        # the beneficiary's own ID changed to a member's of another file
        third.national_id = member.national_id
        self.assertFlags(second | third, first)
        third.unlink()
        self.assertFlags(first.browse(), first | second)

    def test_other_association_not_a_duplicate(self):
        other = self.env["res.company"].create({"name": "جمعية أخرى"})
        mine = self.create_beneficiary(mobile="0502220010")
        theirs = self.create_beneficiary(mobile="0502220010", company_id=other.id)
        self.assertFlags(mine.browse(), mine | theirs)

    def test_whole_registry_refreshed(self):
        """The registry is set right in one statement (an upgrade, files
        loaded behind the module's back), as the writes would have set it."""
        first = self.create_beneficiary(mobile="0502220020")
        second = self.create_beneficiary(mobile="0502220020")
        alone = self.create_beneficiary(mobile="0502220021")
        self.env.cr.execute(
            "UPDATE beneficiary_beneficiary SET has_possible_duplicate = NULL WHERE id IN %s",
            [tuple((first | second | alone).ids)],
        )
        self.Beneficiary.init()
        self.assertFlags(first | second, alone)

    def test_flag_written_by_the_module_only(self):
        beneficiary = self.create_beneficiary(env=self.env(user=self.officer))
        with self.assertRaisesRegex(UserError, "records a step of the workflow"):
            beneficiary.with_user(self.officer).has_possible_duplicate = True
        with self.assertRaisesRegex(UserError, "records a step of the workflow"):
            self.create_beneficiary(env=self.env(user=self.officer), has_possible_duplicate=True)
        self.assertFalse(beneficiary.has_possible_duplicate)

    def test_filter_and_warnings_do_not_grow_with_the_registry(self):
        officer = self.env(user=self.officer)
        spec = {"name": {}, "code": {}, "national_id": {}, "has_possible_duplicate": {}}
        form = {"name": {}, "duplicate_warning": {}, "request_count": {}}

        def add(count):
            return self.Beneficiary.create(
                [{"name": f"ملف مكرر {i}", "mobile": f"05055{i // 2:05d}"} for i in range(count)]
            )

        def filter_and_form(files):
            officer["beneficiary.beneficiary"].web_search_read(
                [("has_possible_duplicate", "=", True)], spec, limit=80, count_limit=10001
            )
            officer["beneficiary.beneficiary"].browse(files[-1].id).web_read(form)

        files = add(6)
        queries(officer, lambda: filter_and_form(files))  # warm the caches
        small = queries(officer, lambda: filter_and_form(files))
        files |= add(60)
        self.assertEqual(queries(officer, lambda: filter_and_form(files)), small)


@tagged("post_install", "-at_install")
class TestSearchBox(BeneficiaryCommon):
    """A file is found by its name, its number, its ID (Arabic-Indic digits
    too) or its mobile as dialled, each looked up in its own index."""

    def test_found_by_name_number_id_and_mobile(self):
        number = self.new_id()
        beneficiary = self.create_beneficiary(
            name="هيا عبدالله السبيعي", national_id=number, mobile="0504440001"
        )
        officer = self.env(user=self.officer)["beneficiary.beneficiary"]
        arabic_digits = number[:6].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        for term in ("السبيعي", beneficiary.code, number[:6], arabic_digits, "0504440001"):
            with self.subTest(term=term):
                found = officer.name_search(term, limit=None)
                self.assertIn(beneficiary.id, [record_id for record_id, _name in found])
        self.assertNotIn(
            beneficiary.id, [record_id for record_id, _name in officer.name_search("الشهري")]
        )
        self.assertEqual(
            officer._search_display_name("ilike", "السبيعي"), [("name", "ilike", "السبيعي")]
        )


@tagged("post_install", "-at_install")
class TestImport(BeneficiaryCommon):
    """Odoo's *Import records* on beneficiary files: the Arabic template's
    columns mapped whatever the user's language, every row checked with the
    module's rules before anything is created, bad rows reported with their
    line in the file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer.lang = "en_US"  # the Arabic columns are mapped all the same

    def csv(self, rows, fields=("name", "national_id", "mobile", "region", "gender")):
        lines = [",".join(HEADERS[name] for name in fields)]
        lines += rows
        return "\n".join(lines).encode()

    def wizard(self, content, file_type=CSV, user=None):
        user = user or self.officer
        # as the web client calls it: history not tracked (the import's default)
        env = self.env(user=user, context={"tracking_disable": True})
        return env["base_import.import"].create(
            {
                "res_model": "beneficiary.beneficiary",
                "file": content,
                "file_type": file_type,
                "file_name": "files.csv",
            }
        )

    OPTIONS = {
        "has_headers": True,
        "quoting": '"',
        "separator": ",",
        "encoding": "utf-8",
        "date_format": "%Y-%m-%d",
        "datetime_format": "%Y-%m-%d %H:%M:%S",
    }

    def run_import(self, content, dryrun=False, **options):
        wizard = self.wizard(content)
        options = dict(self.OPTIONS, **options)
        preview = wizard.parse_preview(dict(options))
        self.assertFalse(preview.get("error"), preview.get("error"))
        fields = ["/".join(preview["matches"][index]) for index in range(len(preview["headers"]))]
        return wizard.execute_import(fields, preview["headers"], options, dryrun=dryrun)

    def lines(self, result):
        """{line of the file: message} of the rows the import refused."""
        found = {}
        for message in result["messages"]:
            self.assertEqual(message["type"], "error")
            line = re.match(r"Line (\d+) ", message["message"])
            if line:
                found[int(line[1])] = message["message"]
        return found

    def test_arabic_template_maps_every_column(self):
        """The template downloaded, filled and imported by an English-speaking
        officer: its Arabic columns are the fields'."""
        template = self.Beneficiary.get_import_templates()[0]["template"]
        with file_open(template.lstrip("/"), "rb") as file:
            book = openpyxl.load_workbook(file)
        book.active.append(["أمل سعد", self.new_id(), "0503330040", "مستفيد مباشر", "أنثى"])
        content = io.BytesIO()
        book.save(content)
        wizard = self.wizard(content.getvalue(), XLSX)
        preview = wizard.parse_preview({"has_headers": True})
        self.assertFalse(preview.get("error"))
        self.assertEqual(preview["headers"], list(IMPORT_COLUMNS))
        self.assertEqual(
            [preview["matches"][index] for index in range(len(IMPORT_COLUMNS))],
            [[name] for name in IMPORT_COLUMNS.values()],
        )
        fields = list(IMPORT_COLUMNS.values())
        result = wizard.execute_import(fields, preview["headers"], dict(self.OPTIONS))
        self.assertFalse(result["messages"])
        beneficiary = self.Beneficiary.browse(result["ids"])
        self.assertEqual(beneficiary.name, "أمل سعد")
        self.assertEqual(beneficiary.beneficiary_type, "direct")
        self.assertEqual(beneficiary.gender, "female")

    def test_files_imported_with_their_consent(self):
        existing = self.create_beneficiary(mobile="0503330001")
        content = self.csv(
            [
                f"أمل سعد,{self.new_id()},٠٥٠٣٣٣٠٠٠١,الرياض,أنثى,2024-03-01 10:00:00",
                f"فهد ناصر,{self.new_id()},0503330002,حائل,ذكر,2024-03-02 10:00:00",
            ],
            fields=("name", "national_id", "mobile", "region", "gender", "consent_date"),
        )
        result = self.run_import(content)
        self.assertFalse(result["messages"])
        files = self.Beneficiary.browse(result["ids"])
        self.assertEqual(files.mapped("mobile"), ["+966503330001", "+966503330002"])
        self.assertEqual(files.mapped("region"), ["riyadh", "hail"])
        self.assertEqual(files.mapped("consent_state"), ["given", "given"])
        self.assertEqual(files.consent_ids.mapped("purpose"), ["service", "service"])
        self.assertTrue(all(files.mapped("code")))
        self.assertEqual(files.partner_id.mapped("mobile"), files.mapped("mobile"))
        # the mobile shared with a file already registered
        self.assertTrue(files[0].has_possible_duplicate)
        self.assertTrue(existing.has_possible_duplicate)
        self.assertFalse(files[1].has_possible_duplicate)
        # no chatter message, no tracking, no follower per row
        self.assertFalse(files.message_ids)
        self.assertFalse(files.message_follower_ids)

    def test_bad_rows_reported_with_their_line_nothing_imported(self):
        registered = self.create_beneficiary(national_id=self.new_id())
        twice = self.new_id()
        good = self.new_id()
        content = self.csv(
            [
                f"صحيح,{good},0503330010,الرياض,ذكر",
                "رقم خاطئ,1234567890,0503330011,الرياض,ذكر",
                f"مكرر أول,{twice},0503330012,الرياض,ذكر",
                f"مكرر ثان,{twice},0503330013,الرياض,ذكر",
                f"مسجل,{registered.national_id},0503330014,الرياض,ذكر",
                f"جوال خاطئ,{self.new_id()},0112345678,الرياض,ذكر",
                f",{self.new_id()},0503330016,الرياض,ذكر",
            ]
        )
        files = self.Beneficiary.search_count([])
        partners = self.env["res.partner"].search_count([])
        for dryrun in (True, False):
            with self.subTest(dryrun=dryrun):
                result = self.run_import(content, dryrun=dryrun)
                self.assertFalse(result["ids"])
                lines = self.lines(result)
                self.assertEqual(sorted(lines), [3, 5, 6, 7, 8])
                self.assertIn("Line 3 (رقم خاطئ)", lines[3])
                self.assertIn("check digit", lines[3])
                self.assertIn("also on line 4", lines[5])
                self.assertIn(registered.code, lines[6])
                self.assertIn("not a valid Saudi mobile", lines[7])
                self.assertIn("name is missing", lines[8])
                self.assertEqual(self.Beneficiary.search_count([]), files)
                self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_other_errors_of_the_file_reported_too(self):
        """A value Odoo cannot convert is reported with the module's rules."""
        content = self.csv(
            [
                f"منطقة خاطئة,{self.new_id()},0503330020,المريخ,ذكر",
                "رقم خاطئ,1234567890,0503330021,الرياض,ذكر",
            ]
        )
        result = self.run_import(content)
        self.assertFalse(result["ids"])
        messages = " ".join(m["message"] for m in result["messages"])
        self.assertIn("المريخ", messages)
        self.assertIn("Line 3", messages)

    def test_whole_file_checked_before_its_first_batch(self):
        """Imported in batches (the import's option), a file with a bad row
        in a later batch imports nothing: its first batch already says so."""
        rows = [f"ملف {i},{self.new_id()},05033301{i:02d},الرياض,ذكر" for i in range(6)]
        rows.append("رقم خاطئ,1234567890,0503330199,الرياض,ذكر")
        files = self.Beneficiary.search_count([])
        result = self.run_import(self.csv(rows), limit=2)
        self.assertFalse(result["ids"])
        self.assertEqual(list(self.lines(result)), [8])
        self.assertEqual(self.Beneficiary.search_count([]), files)
        # the second batch of a file whose first batch was imported
        rows[-1] = f"ملف أخير,{self.new_id()},0503330198,الرياض,ذكر"
        rows[4] = rows[4].replace("05033301", "01123456")
        result = self.run_import(self.csv(rows), limit=2, skip=2)
        self.assertEqual(list(self.lines(result)), [6])

    def test_rows_updating_their_files(self):
        """A row giving a file's database id updates that file: its own ID is
        no duplicate of itself."""
        beneficiary = self.create_beneficiary(national_id=self.new_id(), mobile="0503330050")
        content = f".id,national_id,mobile\n{beneficiary.id},{beneficiary.national_id},0503330051"
        wizard = self.wizard(content.encode())
        result = wizard.execute_import(
            [".id", "national_id", "mobile"], [".id", "national_id", "mobile"], self.OPTIONS
        )
        self.assertFalse(result["messages"])
        self.assertEqual(result["ids"], beneficiary.ids)
        self.assertEqual(beneficiary.mobile, "+966503330051")

    def test_import_for_officers(self):
        content = self.csv([f"أمل,{self.new_id()},0503330030,الرياض,أنثى"])
        result = self.run_import(content)
        self.assertEqual(len(result["ids"]), 1)
        self.assertEqual(self.Beneficiary.browse(result["ids"]).user_id, self.officer)
        wizard = self.wizard(content, user=self.internal)
        result = wizard.execute_import(
            ["name", "national_id", "mobile", "region", "gender"], [], self.OPTIONS
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])

    def test_import_queries_do_not_grow_with_the_file(self):
        def file(count):
            return self.csv(
                [
                    f"ملف {i},{self.new_id()},050334{self.serial:04d},الرياض,ذكر"
                    for i in range(count)
                ]
            )

        small, large = file(5), file(40)
        self.run_import(file(5))  # warm the caches
        self.assertEqual(
            queries(self.env, lambda: self.run_import(large)),
            queries(self.env, lambda: self.run_import(small)),
        )


@tagged("post_install", "-at_install")
class TestCommitteeAtScale(RequestCommon):
    """Closing a meeting decides its whole agenda in batches: the decisions,
    the notices to the applicants, the notes and the manager's activities."""

    def meeting_deciding(self, count, undecided=0, large=0):
        """A meeting in session deciding ``count`` requests: approved, one in
        three rejected; ``undecided`` more left undecided, ``large`` more
        approved above the amount the manager approves too."""
        requests = self.env["beneficiary.request"]
        for index in range(count + undecided + large):
            applicant = self.make_complete_beneficiary(name=f"مستفيد {self.serial}")
            requests |= self.request_at_committee(
                beneficiary_id=applicant.id,
                requested_amount=2800 if count <= index < count + large else 2000,
            )
        meeting = self.open_meeting()
        for index, request in enumerate(requests):
            for user in (self.member, self.member_2, self.chair):
                if index >= count + large:
                    self.vote(meeting, request, user, "abstain")
                elif index >= count:
                    self.vote(meeting, request, user, "approve", 2800)
                elif index % 3 == 2:
                    self.vote(meeting, request, user, "reject", note="الدخل يتجاوز الحد")
                else:
                    self.vote(meeting, request, user, "approve", 1500)
        requests.partner_id.write({"email": "applicant@example.com"})
        return meeting, requests

    def close(self, meeting):
        return queries(self.env, lambda: meeting.with_user(self.chair).action_close())

    def test_closing_decides_and_tells_everyone(self):
        meeting, requests = self.meeting_deciding(3, undecided=1, large=1)
        before = requests.message_ids
        self.close(meeting)
        notices = (requests.message_ids - before).filtered(lambda m: m.message_type == "comment")
        decided, large, undecided = requests[:3], requests[3], requests[4]
        self.assertEqual(decided.mapped("state"), ["approved", "approved", "rejected"])
        self.assertEqual(decided.mapped("approved_amount"), [1500, 1500, 0])
        self.assertEqual(decided[2].decision_reason, "الدخل يتجاوز الحد")
        self.assertTrue(large.awaiting_manager)
        self.assertEqual(large.state, "committee")
        self.assertTrue(large.activity_ids.user_id.has_group("beneficiary_relations.group_manager"))
        self.assertFalse(undecided.meeting_id)
        self.assertIn("back on the committee's queue", undecided.message_ids[0].body)
        company = meeting.company_id.partner_id
        for request in decided:
            notice = notices.filtered(lambda m, request=request: m.res_id == request.id)
            self.assertEqual(len(notice), 1)
            self.assertEqual(notice.author_id, company)
            self.assertEqual(notice.partner_ids, request.partner_id)
            self.assertIn(request.name, notice.subject)
            self.assertIn(request.name, notice.body)
            mail = notice.notification_ids.mail_mail_id
            self.assertEqual(mail.recipient_ids, request.partner_id)
            self.assertEqual(mail.state, "outgoing")
            self.assertEqual(notice.notification_ids.res_partner_id, request.partner_id)
        self.assertEqual(len(notices), 3, "no notice to the undecided nor to the manager's")

    def test_closing_queries_grow_at_most_three_a_request(self):
        small, _requests = self.meeting_deciding(2, undecided=1, large=1)
        self.close(small)  # warm the caches (templates, rules)
        small, _requests = self.meeting_deciding(2, undecided=1, large=1)
        large, _requests = self.meeting_deciding(8, undecided=2, large=2)
        few = self.close(small)
        many = self.close(large)
        self.assertLessEqual(many - few, 3 * 8, f"{few} queries for 4 requests, {many} for 12")

    def test_decisions_and_notices_do_not_grow(self):
        """Approvals and rejections alone: not one more query a request."""
        warm, _requests = self.meeting_deciding(2)
        self.close(warm)
        small, _requests = self.meeting_deciding(3)
        large, _requests = self.meeting_deciding(9)
        self.assertEqual(self.close(large), self.close(small))

    def test_minutes_render_in_constant_queries(self):
        report = self.env.ref("beneficiary_relations.action_report_committee_meeting_minutes")
        small, _requests = self.meeting_deciding(2)
        large, _requests = self.meeting_deciding(6)
        for meeting in (small, large):
            meeting.with_user(self.chair).action_close()

        def render(meeting):
            return queries(
                self.env,
                lambda: (
                    self.env["ir.actions.report"]
                    .with_user(self.chair)
                    ._render_qweb_html(report.report_name, meeting.ids)
                ),
            )

        render(small)
        self.assertEqual(render(large), render(small))


@tagged("post_install", "-at_install")
class TestJobsOnSeveralWorkers(RequestCommon):
    """The daily jobs take their rows FOR UPDATE SKIP LOCKED: what another
    worker holds is left to it, never done twice."""

    def test_overdue_rows_held_by_another_worker_are_skipped(self):
        # demo requests waiting for a decision, committed: another connection locks one
        waiting = self.env["beneficiary.request"].search(
            [
                ("state", "in", ("submitted", "research", "committee")),
                ("date_deadline", "!=", False),
            ]
        )
        self.assertGreaterEqual(len(waiting), 2)
        held, free = waiting[0], waiting[1:]
        with self.registry.cursor() as other:
            other.execute("SELECT id FROM beneficiary_request WHERE id = %s FOR UPDATE", [held.id])
            late = max(waiting.mapped("date_deadline")) + timedelta(days=1)
            with freeze_time(late):
                self.env["beneficiary.request"]._cron_flag_overdue()
            self.assertFalse(held.is_overdue)
            self.assertTrue(all(free.mapped("is_overdue")))
            self.assertEqual(skip_locked(waiting), free)
            other.rollback()
        self.assertEqual(skip_locked(waiting), waiting)


@tagged("post_install", "-at_install")
class TestDashboardOnAReplica(BeneficiaryCommon):
    """The dashboard's figures and the period report read nothing they would
    write: Odoo 18 serves them on read-only cursors (a read replica)."""

    def test_dashboard_and_report_are_read_only(self):
        Period = self.env.registry["beneficiary.period.report"]
        self.assertTrue(Period.onchange._readonly)
        manager = self.env(user=self.manager)
        wizard = manager["beneficiary.period.report"].create(
            {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)}
        )
        action = wizard.action_print()
        self.assertEqual(action["data"]["period"]["date_from"], "2025-01-01")
        self.assertFalse(action["context"].get("active_ids"))
        # the report needs no saved record: the replica may not have it yet
        wizard.sudo().unlink()
        html = (
            manager["ir.actions.report"]
            ._render_qweb_html(action["report_name"], None, data=action["data"])[0]
            .decode()
        )
        self.assertIn("2025", html)
        self.assertIn("o_br_letter", html)


@tagged("post_install", "-at_install")
class TestListsDoNotGrow(RequestCommon):
    """The first page of the lists: the same queries for 5 or 40 records."""

    def test_request_and_file_lists(self):
        officer = self.env(user=self.officer)
        lists = {
            "beneficiary.request": {
                "name": {},
                "beneficiary_id": {"fields": {"display_name": {}}},
                "program_id": {"fields": {"display_name": {}}},
                "state": {},
                "user_id": {"fields": {"display_name": {}}},
            },
            "beneficiary.beneficiary": {
                "code": {},
                "name": {},
                "national_id": {},
                "category_ids": {"fields": {"display_name": {}}},
                "is_file_complete": {},
            },
        }

        def first_pages():
            for model, spec in lists.items():
                officer[model].web_search_read([], spec, limit=80, count_limit=10001)

        def add(count):
            for _i in range(count):
                self.make_request(beneficiary_id=self.make_complete_beneficiary().id)

        add(5)
        queries(officer, first_pages)
        small = queries(officer, first_pages)
        add(35)
        self.assertEqual(queries(officer, first_pages), small)
