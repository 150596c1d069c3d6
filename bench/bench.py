"""The module at an association's scale: builds a registry of beneficiary
files and support requests in a database of its own, then times what the
users do with it, each operation side by side with a reference taken in the
same run, and prints the table the README's *Performance* section holds.

Run through ``bench/run`` (it starts the project's PostgreSQL, installs the
module with its demo data in the database ``br_bench`` and calls this
script); the options are this script's (``bench/run --help``).

The data are loaded with PostgreSQL's COPY, cloned from the demo records
(so every column the module needs is filled as the module fills it), then
every operation runs through the ORM as the web client or an import calls
it, as the demo users (the officer, the chair, the manager), inside a
savepoint rolled back after each run: the data stay the same from run to
run and the median of the runs is printed.
"""

import argparse
import csv
import io
import os
import random
import sys
import time
from datetime import date, timedelta

import psycopg2
from lxml import etree
from stdnum import luhn

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil as safe_dateutil
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

MODULE = "beneficiary_relations"
FIRST_NAMES = [
    "محمد",
    "أحمد",
    "عبدالله",
    "عبدالرحمن",
    "خالد",
    "فهد",
    "سعد",
    "سلطان",
    "فيصل",
    "تركي",
    "ناصر",
    "عمر",
    "علي",
    "يوسف",
    "إبراهيم",
    "سليمان",
    "صالح",
    "ماجد",
    "بندر",
    "نايف",
    "راشد",
    "حمد",
    "مشعل",
    "عادل",
    "طلال",
    "وليد",
    "هاني",
    "زياد",
    "منصور",
    "سامي",
]
WOMEN_NAMES = [
    "نورة",
    "سارة",
    "فاطمة",
    "مريم",
    "هيا",
    "لطيفة",
    "منيرة",
    "عائشة",
    "أمل",
    "ريم",
    "هند",
    "جواهر",
    "العنود",
    "شهد",
    "لمى",
    "رهف",
    "غادة",
    "وفاء",
    "حصة",
    "موضي",
]
FAMILY_NAMES = [
    "العتيبي",
    "القحطاني",
    "الغامدي",
    "الزهراني",
    "الشهري",
    "الدوسري",
    "الحربي",
    "المطيري",
    "العنزي",
    "الشمري",
    "السبيعي",
    "الرشيدي",
    "البقمي",
    "الشمراني",
    "العمري",
    "المالكي",
    "الأحمدي",
    "الجهني",
    "البلوي",
    "الثبيتي",
    "السهلي",
    "الخالدي",
    "الهاجري",
    "اليامي",
    "العسيري",
    "الفيفي",
    "الحازمي",
    "النعمي",
    "الصيعري",
    "المري",
    "الكثيري",
    "الدوسي",
    "القرني",
    "الشهراني",
    "الزبيدي",
    "السلمي",
    "المحمدي",
    "الحارثي",
    "العصيمي",
    "الرويلي",
]
PLACES = [
    ("riyadh", "الرياض"),
    ("makkah", "جدة"),
    ("makkah", "مكة المكرمة"),
    ("madinah", "المدينة المنورة"),
    ("eastern", "الدمام"),
    ("qassim", "بريدة"),
    ("asir", "أبها"),
    ("tabuk", "تبوك"),
    ("hail", "حائل"),
    ("jazan", "جازان"),
]
RELATIONS = ["spouse", "son", "daughter", "son", "daughter", "mother", "father", "brother"]
# how the requests are spread over the workflow (share of all requests)
STATES = [
    ("closed", 0.40),
    ("approved", 0.16),
    ("rejected", 0.14),
    ("withdrawn", 0.05),
    ("referred", 0.03),
    ("draft", 0.05),
    ("submitted", 0.05),
    ("research", 0.06),
    ("committee", 0.06),
]
DEMO_REQUESTS = {
    "draft": "beneficiary_request_draft_demo",
    "submitted": "beneficiary_request_submitted_demo",
    "research": "beneficiary_request_research_demo",
    "committee": "beneficiary_request_committee_demo",
    "approved": "beneficiary_request_approved_demo",
    "rejected": "beneficiary_request_rejected_demo",
    "closed": "beneficiary_request_closed_demo",
    "referred": "beneficiary_request_referred_demo",
    "withdrawn": "beneficiary_request_withdrawn_demo",
}


def national_id(number, resident=False):
    """A valid national ID (1…) or iqama (2…) number, one per ``number``."""
    body = f"{2 if resident else 1}{number:08d}"
    return body + luhn.calc_check_digit(body)


class Bench:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rows = []
        self.today = date.today()
        self.company = env.ref(f"{MODULE}.company_demo")
        self.users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in (
                "officer",
                "researcher",
                "chair",
                "committee1",
                "committee2",
                "admin",
                "accountant",
            )
        }
        self.rng = random.Random(16)

    # --- helpers -------------------------------------------------------------

    def ref(self, xmlid):
        return self.env.ref(f"{MODULE}.{xmlid}")

    def as_user(self, login):
        return self.env(
            user=self.users[login],
            context={
                "lang": "ar_001",
                "tz": "Asia/Riyadh",
                "allowed_company_ids": [self.company.id],
            },
        )

    def columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in self.cr.fetchall()]

    def new_ids(self, table, count):
        self.cr.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in self.cr.fetchall()]

    def clone(self, table, template_id, names, rows, extra=None):
        """Insert ``rows`` (tuples of the columns ``names``, ``id`` first)
        into ``table``, every other column copied from the row
        ``template_id`` or given as an SQL expression in ``extra``."""
        extra = extra or {}
        self.cr.execute(
            f'CREATE TEMP TABLE bench_rows AS SELECT {", ".join(names)} FROM "{table}" LIMIT 0'
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(["\\N" if value is None else value for value in row])
        buffer.seek(0)
        self.cr.copy_expert(
            f"COPY bench_rows ({', '.join(names)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )
        columns = self.columns(table)
        select = [f"r.{c}" if c in names else extra.get(c, f"t.{c}") for c in columns]
        self.cr.execute(
            f'INSERT INTO "{table}" ({", ".join(columns)}) '
            f'SELECT {", ".join(select)} FROM bench_rows r, "{table}" t WHERE t.id = %s',
            [template_id],
        )
        count = self.cr.rowcount
        self.cr.execute("DROP TABLE bench_rows")
        return count

    def measure(self, env, operation, repeat=None):
        """Run ``operation`` (given env) ``repeat`` times, each inside a
        savepoint rolled back afterwards, with an empty ORM cache as a new
        request has; return the median (seconds, queries, result)."""
        runs = []
        for _ in range(repeat or self.args.repeat):
            env.invalidate_all()
            savepoint = self.cr.savepoint(flush=False)
            queries = self.cr.sql_log_count
            start = time.perf_counter()
            try:
                result = operation(env)
                env.flush_all()
            except psycopg2.errors.QueryCanceled:
                # no answer within --timeout: the run says so, the next ones would too
                savepoint.close(rollback=True)
                env.invalidate_all(flush=False)
                env.transaction.clear()
                return None, self.cr.sql_log_count - queries, None
            elapsed = time.perf_counter() - start
            queries = self.cr.sql_log_count - queries
            savepoint.close(rollback=True)
            env.invalidate_all(flush=False)
            env.transaction.clear()
            runs.append((elapsed, queries, result))
        runs.sort(key=lambda run: run[0])
        return runs[len(runs) // 2]

    def add(self, operation, records, seconds, queries, reference="", ratio="", bulk=False):
        self.rows.append(
            {
                "operation": operation,
                "records": records,
                "seconds": seconds,
                "rate": records / seconds if bulk and seconds and records else None,
                "queries": queries,
                "reference": reference,
                "ratio": ratio,
            }
        )
        took = f"{seconds * 1000:.1f} ms" if seconds is not None else "no answer"
        print(f"  {operation}: {took}, {queries} queries", file=sys.stderr)

    # --- building the data -----------------------------------------------------

    def built_scale(self):
        self.cr.execute("SELECT value FROM ir_config_parameter WHERE key = 'bench.scale'")
        row = self.cr.fetchone()
        return row and row[0]

    def build(self, files, requests):
        print(f"building {files} files and {requests} requests", file=sys.stderr)
        start = time.perf_counter()
        env = self.env
        rng = self.rng
        template = self.ref("beneficiary_01_demo")
        officer = self.users["officer"]
        partner_ids = self.new_ids("res_partner", files)
        file_ids = self.new_ids("beneficiary_beneficiary", files)
        mobiles, ids, people = [], [], []
        for n in range(files):
            woman = rng.random() < 0.45
            first = rng.choice(WOMEN_NAMES if woman else FIRST_NAMES)
            name = " ".join(
                [first, rng.choice(FIRST_NAMES), rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)]
            )
            # one file in a hundred shares its mobile number with another
            if mobiles and rng.random() < 0.01:
                mobile = rng.choice(mobiles)
            else:
                mobile = f"+9665{(10_000_000 + n * 7_919) % 100_000_000:08d}"
            mobiles.append(mobile)
            ids.append(national_id(10_000_000 + n, resident=rng.random() < 0.2))
            region, city = rng.choice(PLACES)
            people.append((name, mobile, region, city, "female" if woman else "male"))
        now = "2024-01-15 09:00:00"
        self.clone(
            "res_partner",
            template.partner_id.id,
            ["id", "name", "complete_name", "mobile", "city", "commercial_partner_id"],
            (
                (pid, name, name, mobile, city, pid)
                for pid, (name, mobile, _r, city, _g) in zip(partner_ids, people, strict=True)
            ),
            {"create_date": f"'{now}'", "write_date": f"'{now}'", "email": "NULL"},
        )
        self.clone(
            "beneficiary_beneficiary",
            template.id,
            [
                "id",
                "partner_id",
                "code",
                "name",
                "mobile",
                "national_id",
                "id_kind",
                "region",
                "city",
                "gender",
                "birth_date",
                "user_id",
            ],
            (
                (
                    fid,
                    pid,
                    f"BEN/B{fid:07d}",
                    name,
                    mobile,
                    nid,
                    "resident" if nid[0] == "2" else "citizen",
                    region,
                    city,
                    gender,
                    date(1950, 1, 1) + timedelta(days=rng.randrange(20_000)),
                    officer.id,
                )
                for fid, pid, nid, (name, mobile, region, city, gender) in zip(
                    file_ids, partner_ids, ids, people, strict=True
                )
            ),
            {"create_date": f"'{now}'", "write_date": f"'{now}'", "bank_account_id": "NULL"},
        )
        # the household: 2.5 members a file; one adult in two has an ID, and a
        # few of those IDs are found in another file (possible duplicates)
        members = []
        for fid in file_ids:
            for _ in range(rng.choice((0, 1, 2, 3, 3, 4, 5, 2))):
                relation = rng.choice(RELATIONS)
                member_id = None
                if rng.random() < 0.5:
                    roll = rng.random()
                    if roll < 0.004:
                        member_id = rng.choice(ids)
                    elif roll < 0.008 and members and members[-1][3]:
                        member_id = members[rng.randrange(len(members))][3]
                    else:
                        member_id = national_id(50_000_000 + len(members))
                name = " ".join(
                    [
                        rng.choice(
                            WOMEN_NAMES if relation in ("daughter", "mother") else FIRST_NAMES
                        ),
                        rng.choice(FIRST_NAMES),
                        rng.choice(FAMILY_NAMES),
                    ]
                )
                members.append([None, fid, name, member_id, relation])
        # the same ID twice in one household, or the beneficiary's own, is refused
        own = dict(zip(file_ids, ids, strict=True))
        seen = set()
        for member in members:
            if member[3] and ((member[1], member[3]) in seen or member[3] == own[member[1]]):
                member[3] = None
            seen.add((member[1], member[3]))
        for member, mid in zip(
            members, self.new_ids("beneficiary_family_member", len(members)), strict=True
        ):
            member[0] = mid
        member_template = env["beneficiary.family.member"].search(
            [("beneficiary_id", "=", template.id)], limit=1
        )
        self.clone(
            "beneficiary_family_member",
            member_template.id,
            ["id", "beneficiary_id", "name", "national_id", "relation"],
            members,
            {"create_date": f"'{now}'", "write_date": f"'{now}'"},
        )
        consent = env["beneficiary.consent"].search(
            [
                ("beneficiary_id", "=", template.id),
                ("purpose", "=", "service"),
                ("family_member_id", "=", False),
            ],
            limit=1,
        )
        self.clone(
            "beneficiary_consent",
            consent.id,
            ["id", "beneficiary_id"],
            zip(self.new_ids("beneficiary_consent", files), file_ids, strict=True),
        )
        # the requests, spread over three years and over the workflow
        programs = self.env["beneficiary.program"].search([("company_id", "=", self.company.id)])
        channels = self.env["beneficiary.channel"].search([])
        templates = {state: self.ref(xmlid) for state, xmlid in DEMO_REQUESTS.items()}
        states = [state for state, share in STATES for _ in range(int(share * 100))]
        by_state = {state: [] for state in templates}
        request_ids = self.new_ids("beneficiary_request", requests)
        for n, rid in enumerate(request_ids):
            state = rng.choice(states)
            submitted = self.today - timedelta(days=rng.randrange(3 * 365))
            if state in ("submitted", "research", "committee"):
                submitted = self.today - timedelta(days=rng.randrange(60))
            decided = None
            if state in ("approved", "rejected", "closed"):
                decided = submitted + timedelta(days=rng.randrange(10, 50))
            requested = rng.choice((500, 1000, 1500, 2000, 2500, 3000))
            by_state[state].append(
                (
                    rid,
                    f"REQ/B/{n + 1:07d}",
                    rng.choice(file_ids),
                    rng.choice(programs).id,
                    rng.choice(channels).id,
                    None if state == "draft" else submitted,
                    None if state == "draft" else submitted + timedelta(days=14),
                    None if state == "draft" else submitted + timedelta(days=42),
                    decided,
                    (decided - submitted).days if decided else None,
                    bool(decided) and (decided - submitted).days <= 42,
                    requested,
                    requested if state in ("approved", "closed") else 0,
                    f"{submitted} 10:00:00",
                )
            )
        names = [
            "id",
            "name",
            "beneficiary_id",
            "program_id",
            "channel_id",
            "date_submitted",
            "date_earliest_answer",
            "date_deadline",
            "date_decision",
            "decision_days",
            "decided_on_time",
            "requested_amount",
            "approved_amount",
            "create_date",
        ]
        for state, rows in by_state.items():
            self.clone(
                "beneficiary_request",
                templates[state].id,
                names,
                rows,
                {
                    "write_date": "r.create_date",
                    "meeting_id": "NULL",
                    "is_overdue": "FALSE",
                    "awaiting_manager": "FALSE",
                    "amount_planned": "0",
                    "amount_posted": "0",
                    "amount_paid": "0",
                    "amount_delivered": "0",
                    "amount_remaining": "r.approved_amount",
                    "bill_count": "0",
                    "payment_count": "0",
                    "urgent_decision": "FALSE",
                },
            )
        self.after_build()
        self.cr.execute(
            "INSERT INTO ir_config_parameter (key, value) VALUES ('bench.scale', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [f"{files}/{requests}"],
        )
        self.cr.execute("ANALYZE")
        print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)

    def after_build(self):
        """What the module keeps from the data loaded behind its back."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        if hasattr(Beneficiary, "_refresh_duplicate_flags"):
            Beneficiary._refresh_duplicate_flags()

    # --- the operations ------------------------------------------------------

    def file_rows(self, count, start, household=False):
        """``count`` new files as an import brings them (with a spouse each,
        with ``household``)."""
        rows = []
        for n in range(count):
            name = " ".join(
                [
                    self.rng.choice(FIRST_NAMES),
                    self.rng.choice(FIRST_NAMES),
                    self.rng.choice(FIRST_NAMES),
                    self.rng.choice(FAMILY_NAMES),
                ]
            )
            region, city = self.rng.choice(PLACES)
            row = {
                "name": name,
                "national_id": national_id(start + n),
                "mobile": f"05{(start + n) % 100_000_000:08d}",
                "region": region,
                "city": city,
                "gender": "male",
                "birth_date": "1980-05-01",
                "consent_date": "2024-01-15 09:00:00",
            }
            if household:
                spouse = {
                    "name": name.replace(name.split()[0], "نورة", 1),
                    "relation": "spouse",
                    "national_id": national_id(start + 5_000_000 + n),
                }
                row["family_member_ids"] = [(0, 0, spouse)]
            rows.append(row)
        return rows

    def bench_create(self):
        """Files created in a batch through the ORM, as an import creates
        them, side by side with bare contacts of the same rows and with a raw
        multi-row INSERT."""
        size = self.args.batch
        rows = self.file_rows(size, 80_000_000)
        households = self.file_rows(size, 81_000_000, household=True)
        officer = self.as_user("officer")
        untracked = officer(context=dict(officer.context, tracking_disable=True))

        def create_files(env, rows=rows):
            return env["beneficiary.beneficiary"].create([dict(row) for row in rows])

        def create_partners(env):
            return env["res.partner"].create(
                [{"name": r["name"], "mobile": r["mobile"], "city": r["city"]} for r in rows]
            )

        def insert_rows(env):
            env.cr.execute(
                "INSERT INTO res_partner (name, mobile, city, active, type, autopost_bills) "
                "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[]) "
                "AS r(name, mobile, city), (VALUES (TRUE, 'contact', 'ask')) AS c",
                [[r["name"] for r in rows], [r["mobile"] for r in rows], [r["city"] for r in rows]],
            )

        seconds, queries, _ = self.measure(officer, create_files)
        household_seconds, household_queries, _ = self.measure(
            officer, lambda env: create_files(env, households)
        )
        partners, _q, _ = self.measure(officer, create_partners)
        untracked_partners, _q, _ = self.measure(untracked, create_partners)
        raw, _q, _ = self.measure(officer, insert_rows)
        reference = (
            f"bare res.partner.create: {size / partners:,.0f}/s; "
            f"raw multi-row INSERT: {size / raw:,.0f} rows/s"
        )
        self.add(
            f"creating beneficiary files in a batch of {size:,} through the ORM "
            "(history tracked: a chatter message and a follower a file)",
            size,
            seconds,
            queries,
            reference,
            f"{partners / seconds:.0%} of res.partner.create",
            bulk=True,
        )
        self.add(
            f"the same with a family member each ({size:,} files, {size:,} members)",
            size,
            household_seconds,
            household_queries,
            reference,
            f"{partners / household_seconds:.0%} of res.partner.create",
            bulk=True,
        )
        return partners, untracked_partners

    def bench_import(self, partners, untracked_partners):
        """The same rows in a CSV file, through Odoo's Import records as the
        web client calls it (its columns mapped by the import itself)."""
        size = self.args.batch
        rows = self.file_rows(size, 85_000_000)
        Beneficiary = self.env["beneficiary.beneficiary"]
        try:
            from odoo.addons.beneficiary_relations.tools import IMPORT_COLUMNS
        except ImportError:
            try:  # before the helpers moved to tools.py
                from odoo.addons.beneficiary_relations.models.beneficiary_beneficiary import (
                    IMPORT_COLUMNS,
                )
            except ImportError:  # before the Arabic template: the fields' names
                IMPORT_COLUMNS = {name: name for name in Beneficiary._fields}
        fields = [
            "name",
            "national_id",
            "mobile",
            "region",
            "city",
            "gender",
            "birth_date",
            "consent_date",
        ]
        columns = {field: header for header, field in IMPORT_COLUMNS.items()}
        arabic = self.as_user("officer")
        labels = {
            name: dict(Beneficiary._fields[name]._description_selection(arabic))
            for name in ("region", "gender")
        }
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([columns[name] for name in fields])
        for row in rows:
            writer.writerow(
                [labels[name][row[name]] if name in labels else row[name] for name in fields]
            )
        data = buffer.getvalue().encode()

        def import_file(env):
            # as the web client's import calls it (history not tracked, its default)
            env = env(context=dict(env.context, tracking_disable=True))
            wizard = env["base_import.import"].create(
                {
                    "res_model": "beneficiary.beneficiary",
                    "file": data,
                    "file_type": "text/csv",
                    "file_name": "files.csv",
                }
            )
            options = {
                "has_headers": True,
                "quoting": '"',
                "separator": ",",
                "encoding": "utf-8",
                "date_format": "%Y-%m-%d",
                "datetime_format": "%Y-%m-%d %H:%M:%S",
            }
            preview = wizard.parse_preview(options)
            mapped = [preview["matches"][index][0] for index in range(len(fields))]
            assert mapped == fields, mapped
            result = wizard.execute_import(mapped, preview["headers"], options)
            errors = [m for m in result["messages"] if m["type"] == "error"]
            if errors:
                raise RuntimeError(errors[:3])
            return len(result["ids"])

        seconds, queries, count = self.measure(self.as_user("officer"), import_file)
        self.add(
            f"importing a CSV file of {size:,} files (Import records, the template's columns, "
            "history not tracked as the import's default)",
            count,
            seconds,
            queries,
            f"bare res.partner.create: {size / partners:,.0f}/s; "
            f"without history, as the import: {size / untracked_partners:,.0f}/s",
            f"{partners / seconds:.0%} of res.partner.create; "
            f"{untracked_partners / seconds:.0%} of it without history",
            bulk=True,
        )

    def list_spec(self, env, model, view_type="list"):
        """The fields the web client asks for the model's view."""
        views = env[model].get_views([(False, view_type)])
        return self.arch_spec(env, model, etree.fromstring(views["views"][view_type]["arch"]))

    def arch_spec(self, env, model, node):
        spec = {}
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                spec.update(self.arch_spec(env, model, child))
                continue
            field = env[model]._fields[child.get("name")]
            if field.type in ("one2many", "many2many"):
                sub = {}
                for view in child.iterchildren("list", "kanban"):
                    sub.update(self.arch_spec(env, field.comodel_name, view))
                spec[field.name] = {"fields": sub or {"display_name": {}}}
            elif field.type == "many2one":
                spec[field.name] = {"fields": {"display_name": {}}}
            else:
                spec[field.name] = {}
        return spec

    def first_page(self, env, model, domain, spec=None, order=None):
        spec = spec or self.list_spec(env, model)
        result = env[model].web_search_read(
            domain, spec, offset=0, limit=80, order=order, count_limit=10001
        )
        return result["length"]

    def bench_search(self):
        officer = self.as_user("officer")
        Beneficiary = self.env["beneficiary.beneficiary"].sudo()
        spec = self.list_spec(officer, "beneficiary.beneficiary")
        sample = Beneficiary.search([("code", "like", "BEN/B")], limit=1, order="id desc")
        family = sample.name.split()[-1]
        member = (
            self.env["beneficiary.family.member"]
            .sudo()
            .search(
                [("national_id", "!=", False), ("beneficiary_id.code", "like", "BEN/B")], limit=1
            )
        )

        def name_domain(term):
            return [
                "|",
                "|",
                ("name", "ilike", term),
                ("code", "ilike", term),
                ("mobile", "ilike", term),
            ]

        searches = [
            ("search by name (ilike), list first page: a full name", name_domain(sample.name)),
            ("search by name (ilike), list first page: a family name", name_domain(family)),
            (
                "search by national ID (ilike, the search box)",
                [("national_id", "ilike", sample.national_id[:7])],
            ),
            ("search by national ID (exact)", [("national_id", "=", sample.national_id)]),
            (
                "search by family member (name or ID, the search box)",
                [
                    "|",
                    ("family_member_ids.name", "ilike", member.name),
                    ("family_member_ids.national_id", "=", member.name),
                ],
            ),
            (
                "the Possible Duplicates filter, list first page",
                [("has_possible_duplicate", "=", True)],
            ),
        ]
        for label, domain in searches:
            seconds, queries, count = self.measure(
                officer,
                lambda env, domain=domain: self.first_page(
                    env, "beneficiary.beneficiary", domain, spec
                ),
            )
            self.add(label, count, seconds, queries)
        # the requests of a beneficiary, looked up by name in the requests' search box
        request_spec = self.list_spec(officer, "beneficiary.request")
        seconds, queries, count = self.measure(
            officer,
            lambda env: self.first_page(
                env, "beneficiary.request", [("beneficiary_id", "ilike", family)], request_spec
            ),
        )
        self.add(
            "requests searched by beneficiary (ilike), list first page", count, seconds, queries
        )
        # the warnings a form shows
        self.cr.execute("""
            SELECT b.id FROM beneficiary_beneficiary b
             WHERE EXISTS (SELECT 1 FROM beneficiary_beneficiary o
                            WHERE o.mobile = b.mobile AND o.id != b.id)
             LIMIT 1
        """)
        duplicate = self.cr.fetchone()[0]
        form = self.list_spec(officer, "beneficiary.beneficiary", "form")
        seconds, queries, _ = self.measure(
            officer, lambda env: env["beneficiary.beneficiary"].browse(duplicate).web_read(form)
        )
        self.add(
            "opening a file with a possible duplicate (form, with its warnings)",
            1,
            seconds,
            queries,
        )

    def bench_lists(self):
        """The first page of every list of the module, as each action opens it."""
        slowest = {}
        for login in ("officer", "admin"):
            env = self.as_user(login)
            actions = env["ir.actions.act_window"].sudo().search(
                [("res_model", "=like", "beneficiary.%"), ("view_mode", "like", "list")]
            ) | env["ir.actions.act_window"].sudo().search(
                [("res_model", "=like", "stakeholder.%"), ("view_mode", "like", "list")]
            )
            for action in actions:
                model = action.res_model
                if env[model]._transient or not env[model].has_access("read"):
                    continue
                domain = self.action_domain(env, action)
                spec = self.list_spec(env, model)
                seconds, queries, count = self.measure(
                    env, lambda e, m=model, d=domain, s=spec: self.first_page(e, m, d, s)
                )
                key = f"{action.with_context(lang='en_US').name} ({model})"
                if seconds > slowest.get(login, (0,))[0]:
                    slowest[login] = (seconds, queries, count, key)
                print(f"    {login}: {key}: {seconds * 1000:.1f} ms", file=sys.stderr)
        for login, (seconds, queries, count, key) in slowest.items():
            self.add(f"first page of the slowest list as {login}: {key}", count, seconds, queries)

    def action_domain(self, env, action):
        context = {
            "uid": env.uid,
            "context_today": safe_datetime.date.today,
            "datetime": safe_datetime,
            "relativedelta": safe_dateutil.relativedelta.relativedelta,
            "time": safe_time,
            "allowed_company_ids": [self.company.id],
        }
        domain = safe_eval(action.domain or "[]", context)
        action_context = safe_eval(action.context or "{}", context)
        defaults = [
            key[len("search_default_") :]
            for key, value in action_context.items()
            if key.startswith("search_default_") and value
        ]
        if defaults:
            search = env[action.res_model].get_views([(False, "search")])["views"]["search"]
            arch = etree.fromstring(search["arch"])
            for node in arch.iter("filter"):
                if node.get("name") in defaults and node.get("domain"):
                    domain = (
                        ["&", *domain, *safe_eval(node.get("domain"), context)]
                        if domain
                        else safe_eval(node.get("domain"), context)
                    )
        return domain

    def open_meeting(self, size):
        """A meeting in session with ``size`` requests on its agenda, each
        with the three members' votes."""
        env = self.env
        committee = self.ref("committee_research_demo")
        meeting = env["beneficiary.committee.meeting"].create({"committee_id": committee.id})
        self.cr.execute(
            """
            SELECT id FROM beneficiary_request
             WHERE state = 'committee' AND meeting_id IS NULL AND company_id = %s
               AND awaiting_manager IS NOT TRUE
             ORDER BY id LIMIT %s
            """,
            [self.company.id, size],
        )
        request_ids = [row[0] for row in self.cr.fetchall()]
        assert len(request_ids) == size, f"only {len(request_ids)} requests at committee"
        self.cr.execute(
            """
            UPDATE beneficiary_request
               SET meeting_id = %s, committee_id = %s, date_earliest_answer = %s,
                   eligibility_exception = TRUE, eligibility_exception_reason = 'bench',
                   eligibility_exception_by_id = %s
             WHERE id IN %s
            """,
            [
                meeting.id,
                committee.id,
                self.today - timedelta(days=1),
                self.users["chair"].id,
                tuple(request_ids),
            ],
        )
        self.cr.execute(
            "UPDATE beneficiary_committee_meeting SET state = 'in_session' WHERE id = %s",
            [meeting.id],
        )
        # as a committee decides: most approved, some rejected (with the
        # reason), some above the amount the manager must approve too, some
        # left undecided (every member abstains)
        votes, large = [], []
        for n, request_id in enumerate(request_ids):
            kind = (
                ("reject", "reject", "reject", "abstain", "large", "large")[n % 20]
                if n % 20 < 6
                else "approve"
            )
            if kind == "large":
                large.append(request_id)
            for login in ("chair", "committee1", "committee2"):
                votes.append(
                    (
                        request_id,
                        self.users[login].id,
                        kind if kind in ("reject", "abstain") else "approve",
                        "الدخل أعلى من حد البرنامج" if kind == "reject" else "",
                        {"large": 3000, "approve": 400}.get(kind, 0),
                    )
                )
        if large:
            self.cr.execute(
                "UPDATE beneficiary_request SET requested_amount = 3000 WHERE id IN %s",
                [tuple(large)],
            )
        self.cr.execute(
            """
            INSERT INTO beneficiary_committee_vote
                   (meeting_id, company_id, request_id, member_id, vote, note, amount,
                    create_date, write_date, create_uid, write_uid)
            SELECT %s, %s, v.request_id, v.member_id, v.vote, NULLIF(v.note, ''), v.amount,
                   NOW(), NOW(), 1, 1
              FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[], %s::numeric[])
                   AS v(request_id, member_id, vote, note, amount)
            """,
            [meeting.id, self.company.id, *map(list, zip(*votes, strict=True))],
        )
        env.invalidate_all()
        return meeting

    def bench_meeting(self):
        chair = self.as_user("chair")
        results = {}
        self.cr.execute(
            "SELECT COUNT(*) FROM beneficiary_request WHERE state = 'committee' "
            "AND meeting_id IS NULL AND company_id = %s AND awaiting_manager IS NOT TRUE",
            [self.company.id],
        )
        waiting = self.cr.fetchone()[0]
        for size in self.args.meetings:
            if size > waiting:
                print(f"  no meeting of {size:,}: {waiting:,} requests wait", file=sys.stderr)
                continue
            savepoint = self.cr.savepoint(flush=False)
            meeting = self.open_meeting(size)
            seconds, queries, _ = self.measure(
                chair,
                lambda env, m=meeting: env[m._name].browse(m.id).action_close(),
                repeat=1 if size > 1000 else None,
            )
            requests = meeting.request_ids

            def batched_write(env, requests=requests):
                env["beneficiary.request"].browse(requests.ids)._step().write(
                    {
                        "state": "approved",
                        "decision": "approved",
                        "approved_amount": 400,
                        "date_decision": self.today,
                        "meeting_id": False,
                    }
                )

            reference, _q, _ = self.measure(self.env, batched_write, repeat=1)
            savepoint.close(rollback=True)
            self.env.invalidate_all(flush=False)
            results[size] = (seconds, queries)
            self.add(
                f"closing a meeting that decides {size:,} requests",
                size,
                seconds,
                queries,
                f"one batched write of the same decisions: {reference:.2f} s",
                f"{queries / size:.1f} queries a request",
                bulk=True,
            )
        sizes = sorted(results)
        if len(sizes) > 1:
            (small, (_s1, q1)), (large, (_s2, q2)) = (
                (sizes[0], results[sizes[0]]),
                (sizes[-1], results[sizes[-1]]),
            )
            self.add(
                f"closing a meeting: queries per extra request ({small:,} → {large:,})",
                large - small,
                0,
                round((q2 - q1) / (large - small), 2),
            )

    def bench_jobs(self):
        manager = self.as_user("admin")
        seconds, queries, count = self.measure(
            self.env,
            lambda env: (
                env["beneficiary.request"]._cron_flag_overdue()
                and env["beneficiary.request"].search_count([("is_overdue", "=", True)])
            ),
        )
        self.add("daily job: flag the overdue requests", count, seconds, queries)
        year = (self.today.replace(month=1, day=1), self.today)
        seconds, queries, _ = self.measure(
            manager, lambda env: env["beneficiary.kpi"]._compute_kpis(*year)
        )
        self.add("key indicators of the year", 1, seconds, queries)

        def period_report(env):
            wizard = env["beneficiary.period.report"].create(
                {"date_from": year[0], "date_to": year[1]}
            )
            return env["ir.actions.report"]._render_qweb_html(
                "beneficiary_relations.action_report_period", wizard.ids
            )

        seconds, queries, _ = self.measure(manager, period_report)
        self.add("period report (HTML of the PDF)", 1, seconds, queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", default="br_bench")
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each operation (median)")
    parser.add_argument("--batch", type=int, default=1_000, help="files created in one batch")
    parser.add_argument(
        "--meetings",
        type=int,
        nargs="*",
        default=[100, 500, 2000],
        help="requests decided in one meeting",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=60,
        help="seconds an operation may take before it counts as no answer",
    )
    parser.add_argument("--only", nargs="*", help="create import search lists meeting jobs")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "ar_001", "tz": "Asia/Riyadh"})
        bench = Bench(env, args)
        scale = f"{args.files}/{args.requests}"
        if bench.built_scale() != scale:
            if bench.built_scale():
                sys.exit(f"br_bench holds another scale ({bench.built_scale()}): use --rebuild")
            bench.build(args.files, args.requests)
            cr.commit()
        cr.execute(f"SET statement_timeout = {args.timeout * 1000}")
        steps = args.only or ["create", "import", "search", "lists", "meeting", "jobs"]
        references = None
        if "create" in steps or "import" in steps:
            references = bench.bench_create()
        if "import" in steps:
            bench.bench_import(*references)
        if "search" in steps:
            bench.bench_search()
        if "lists" in steps:
            bench.bench_lists()
        if "meeting" in steps:
            bench.bench_meeting()
        if "jobs" in steps:
            bench.bench_jobs()
        cr.rollback()
    print_table(bench.rows, scale, args.timeout)


def print_table(rows, scale, timeout):
    files, requests = scale.split("/")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\nAt {int(files):,} files / {int(requests):,} requests, median of the runs "
        f"({os.cpu_count()} cores, load average at the end {load}):\n"
    )
    print("| operation | records | seconds | records/s | queries | reference (same run) | ratio |")
    print("|---|---:|---:|---:|---:|---|---|")
    for row in rows:
        rate = f"{row['rate']:,.0f}" if row["rate"] else ""
        seconds = (
            f"{row['seconds']:.3f}" if row["seconds"] is not None else f"> {timeout} (no answer)"
        )
        records = f"{row['records']:,}" if row["records"] is not None else ""
        print(
            f"| {row['operation']} | {records} | {seconds} | {rate} | "
            f"{row['queries']} | {row['reference']} | {row['ratio']} |"
        )


if __name__ == "__main__":
    main()
