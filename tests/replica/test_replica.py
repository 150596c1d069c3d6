"""The module on Odoo's own scale-out: two worker processes, and a read
replica (a streaming standby of the project's PostgreSQL, given to Odoo as
``--db_replica_host``/``--db_replica_port``).

``scripts/test`` starts the standby and the server and runs this file with
``BR_REPLICA_URL``, ``BR_REPLICA_DB``, ``BR_REPLICA_LOG`` (the server's log)
and ``BR_PGPORT``/``BR_STANDBY_PORT`` set; without them it is skipped, saying
why.  The officer's day and the manager's dashboard run through the web
client's own routes; the server's log says, for each request, which cursor
served it (``ro``: the standby; ``rw``: the primary; ``ro->rw``: tried on the
standby, redone on the primary because it wrote), and the standby's
statistics count the dashboard's transactions.  Odoo reads from the standby
what it has replayed: after each step that writes, the test waits for the
standby to replay it, as a user's next click would find it.
"""

import json
import os
import re
import time
from datetime import date

import psycopg2
import pytest
from stdnum import luhn
from web_client import WebSession

# "POST /web/dataset/call_kw/model/method HTTP/1.1" 200 - 12 0.010 0.020 ro
LOG_LINE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) .* (?P<mode>ro->rw|ro|rw)\s*$'
)
KPI_FIELDS = ("request_count", "decided_count", "overdue_count", "complaint_count", "aid_paid")


@pytest.fixture(scope="module")
def server():
    url = os.environ.get("BR_REPLICA_URL")
    if not url:
        pytest.skip(
            "BR_REPLICA_URL is not set: no server with a read replica (scripts/test starts one)"
        )
    return {
        "url": url.rstrip("/"),
        "db": os.environ["BR_REPLICA_DB"],
        "log": os.environ["BR_REPLICA_LOG"],
        "primary": int(os.environ["BR_PGPORT"]),
        "standby": int(os.environ["BR_STANDBY_PORT"]),
    }


def connect(server, port):
    connection = psycopg2.connect(host="127.0.0.1", port=port, user="odoo", dbname=server["db"])
    connection.autocommit = True
    return connection


@pytest.fixture(scope="module")
def replayed(server):
    """replayed(): wait until the standby has replayed all the primary wrote."""
    primary, standby = connect(server, server["primary"]), connect(server, server["standby"])

    def replayed():
        with primary.cursor() as cr:
            cr.execute("SELECT pg_current_wal_lsn()")
            target = cr.fetchone()[0]
        for _attempt in range(200):
            with standby.cursor() as cr:
                cr.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
                if cr.fetchone()[0]:
                    return
            time.sleep(0.05)
        raise AssertionError("the standby did not replay the primary's writes in 10 seconds")

    yield replayed
    primary.close()
    standby.close()


def served(server, since, path_part):
    """The cursor modes of the requests logged after line ``since`` whose
    path contains ``path_part``."""
    with open(server["log"], encoding="utf-8", errors="replace") as log:
        lines = log.read().splitlines()[since:]
    return [
        match["mode"]
        for line in lines
        if (match := LOG_LINE.search(line)) and path_part in match["path"]
    ]


def log_length(server):
    with open(server["log"], encoding="utf-8", errors="replace") as log:
        return len(log.read().splitlines())


def national_id(serial):
    body = f"1{serial:08d}"
    return body + luhn.calc_check_digit(body)


def test_standby_is_a_replica(server):
    with connect(server, server["standby"]).cursor() as cr:
        cr.execute("SELECT pg_is_in_recovery()")
        assert cr.fetchone()[0], "the replica Odoo reads from is a standby in recovery"
    with connect(server, server["primary"]).cursor() as cr:
        cr.execute("SELECT state FROM pg_stat_replication")
        assert ("streaming",) in cr.fetchall()


def test_officers_day(server, replayed):
    url, db = server["url"], server["db"]
    admin, officer = WebSession(url, db, "admin", "admin"), WebSession(url, db, "officer")
    approved = admin.call(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "beneficiary_relations"),
            ("name", "=", "beneficiary_request_approved_demo"),
        ],
        ["res_id"],
    )[0]["res_id"]
    template = admin.call(
        "beneficiary.request", "read", [approved], ["beneficiary_id", "program_id", "channel_id"]
    )[0]
    since = log_length(server)
    # the lists and the search box: read from the standby
    files = officer.call(
        "beneficiary.beneficiary",
        "web_search_read",
        [("name", "ilike", "ال")],
        {"name": {}, "code": {}, "national_id": {}, "has_possible_duplicate": {}},
        limit=80,
        count_limit=10001,
    )
    assert files["length"] > 0
    # a new file, registered with its consent: written on the primary
    serial = int(time.time()) % 10_000_000
    created = officer.call(
        "beneficiary.beneficiary",
        "web_save",
        [],
        {
            "name": "مستفيد قاعدة النسخ المتماثل",
            "national_id": national_id(serial),
            "mobile": f"0597{serial % 1_000_000:06d}",
            "consent_date": "2025-01-15 09:00:00",
        },
        specification={"code": {}},
    )[0]
    replayed()
    form = officer.call(
        "beneficiary.beneficiary",
        "web_read",
        [created["id"]],
        {"name": {}, "code": {}, "consent_state": {}, "duplicate_warning": {}},
    )[0]
    assert form["code"] == created["code"]
    assert form["consent_state"] == "given"
    # a request registered and submitted for a complete file
    request = officer.call(
        "beneficiary.request",
        "web_save",
        [],
        {
            "beneficiary_id": template["beneficiary_id"][0],
            "program_id": template["program_id"][0],
            "channel_id": template["channel_id"][0],
            "requested_amount": 1000,
            "reason": "تعثر في سداد الإيجار",
        },
        specification={"name": {}},
    )[0]
    officer.call("beneficiary.request", "action_sign_declaration", [request["id"]], button=True)
    officer.call("beneficiary.request", "action_submit", [request["id"]], button=True)
    replayed()
    read = officer.call(
        "beneficiary.request", "web_read", [request["id"]], {"state": {}, "date_deadline": {}}
    )[0]
    assert read["state"] == "submitted"
    assert read["date_deadline"]
    assert officer.call(
        "beneficiary.request",
        "web_search_read",
        [("state", "in", ("draft", "submitted", "research", "committee"))],
        {"name": {}, "state": {}, "beneficiary_id": {"fields": {"display_name": {}}}},
        limit=80,
    )["records"]
    # the reads went to the standby, the steps to the primary
    assert set(served(server, since, "/web_search_read")) == {"ro"}
    assert set(served(server, since, "/web_read")) == {"ro"}
    assert set(served(server, since, "/web_save")) == {"rw"}
    assert set(served(server, since, "/action_submit")) == {"rw"}


def test_dashboard_served_by_the_standby(server, replayed):
    url, db = server["url"], server["db"]
    manager = WebSession(url, db, "admin", "admin")
    standby = connect(server, server["standby"])

    def standby_transactions():
        # the standby's own statistics, flushed by its sessions within a second
        time.sleep(1.5)
        with standby.cursor() as cr:
            cr.execute("SELECT pg_stat_clear_snapshot()")
            cr.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                [server["db"]],
            )
            return cr.fetchone()[0]

    period = {"date_from": "2020-01-01", "date_to": date.today().isoformat()}

    def print_report():
        saved = manager.call("beneficiary.period.report", "web_save", [], period, specification={})
        action = manager.call(
            "beneficiary.period.report", "action_print", [saved[0]["id"]], button=True
        )
        return manager.get(
            "/report/html/beneficiary_relations.report_period",
            options=json.dumps(action["data"]),
            context=json.dumps(manager.context),
        )

    # the association chose its documents' layout (Odoo asks it at the first
    # print) and printed once: the report's style sheets were then built
    layout = manager.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "web"), ("name", "=", "external_layout_standard")],
        ["res_id"],
    )[0]["res_id"]
    company = manager.call("res.users", "read", [manager.uid], ["company_id"])[0]["company_id"]
    manager.call("res.company", "write", [company[0]], {"external_report_layout_id": layout})
    print_report()
    replayed()
    before = standby_transactions()
    since = log_length(server)
    spec = {name: {} for name in (*KPI_FIELDS, "date_from", "date_to")}
    opened = manager.call("beneficiary.period.report", "onchange", [], {}, [], spec)["value"]
    assert "request_count" in opened
    changed = manager.call("beneficiary.period.report", "onchange", [], period, ["date_from"], spec)
    assert changed["value"]["request_count"] >= 1
    # the analysis views
    groups = manager.call(
        "beneficiary.request",
        "web_read_group",
        [],
        ["requested_amount:sum"],
        ["program_id"],
        lazy=True,
    )
    assert groups["length"] >= 1
    # the period report, printed from the period shown
    status, html = print_report()
    assert status == 200
    assert b"o_br_letter" in html
    after = standby_transactions()
    # Odoo's log: the dashboard's figures, the analysis and the report were
    # served on read-only cursors, hence by the standby
    assert served(server, since, "/beneficiary.period.report/onchange") == ["ro", "ro"]
    assert served(server, since, "/web_read_group") == ["ro"]
    assert served(server, since, "/report/html/beneficiary_relations.report_period") == ["ro"]
    # and the standby counted them
    assert after > before
    standby.close()
