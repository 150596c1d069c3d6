"""The module's life in an association's Odoo, as its administrator lives it:
install the last release with its demo data, work in it, upgrade to this
working tree, uninstall, reinstall.  On the project's PostgreSQL, each step
an `odoo-bin` process, in one database (LIFECYCLE_DB); the tests run in order
and each needs the one before.

Run by scripts/test (its "lifecycle" layer), which passes BR_ODOO_ROOT,
BR_ODOO_ADDONS and BR_ODOO_CONF (its test configuration: PostgreSQL, data
directory) in the environment.
"""

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from db_snapshot import MODULE, snapshot

# the last release that passed CI (its manifest says 18.0.1.0.0)
PREVIOUS = "35f6dc4b90c8d77cb1eb95d5d3d5f5f6e8fc88ff"
PREVIOUS_VERSION = "18.0.1.0.0"
LIFECYCLE_DB = "br_lifecycle"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ODOO_ROOT = Path(os.environ.get("BR_ODOO_ROOT", ""))
BASE_CONF = os.environ.get("BR_ODOO_CONF", "")
REPORTS = Path(BASE_CONF).parent / "test-reports" if BASE_CONF else ROOT / ".local"
# a line Odoo logs when something went wrong
BAD_LOG_LINE = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", re.MULTILINE)

pytestmark = pytest.mark.skipif(
    not (BASE_CONF and (ODOO_ROOT / "odoo").is_dir()),
    reason="run by scripts/test with an Odoo 18.0 tree",
)

state = {}  # what each step leaves to the next


def step_done(name):
    if name not in state:
        pytest.fail(f"the step before did not complete ({name})", pytrace=False)
    return state[name]


# --- helpers ---------------------------------------------------------------


def config(addons_dir):
    """An Odoo configuration for LIFECYCLE_DB with the addon from ``addons_dir``."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(BASE_CONF)
    options = parser["options"]
    core = [p for p in options["addons_path"].split(",") if Path(p).resolve() != ROOT]
    options["addons_path"] = ",".join([*core, str(addons_dir)])
    options["db_name"] = LIFECYCLE_DB
    options["dbfilter"] = f"^{LIFECYCLE_DB}$"
    path = REPORTS / f"lifecycle-{'working-tree' if addons_dir == ROOT else 'previous'}.conf"
    with open(path, "w") as handle:
        parser.write(handle)
    return path, options


def odoo(conf, *args, shell=None, log_name):
    """Run odoo-bin (its shell with the code ``shell``); return its log after
    checking it logged no error."""
    if (ODOO_ROOT / "odoo-bin").is_file():
        command = [sys.executable, str(ODOO_ROOT / "odoo-bin")]
    else:
        command = [sys.executable, "-m", "odoo"]
    env = dict(os.environ, PYTHONPATH=str(ODOO_ROOT))
    options = ["-c", str(conf), "-d", LIFECYCLE_DB, "--no-http", *args]
    result = subprocess.run(
        [*command, *(["shell"] if shell else []), *options],
        input=shell,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    log = result.stdout + result.stderr
    (REPORTS / f"lifecycle-{log_name}.log").write_text(log)
    errors = BAD_LOG_LINE.findall(log)
    assert result.returncode == 0 and not errors, (
        f"odoo-bin {'shell ' if shell else ''}{' '.join(args)} failed (exit {result.returncode}); "
        f"log: {REPORTS / f'lifecycle-{log_name}.log'}\n"
        + "\n".join(line for line in log.splitlines() if BAD_LOG_LINE.match(line + "\n"))[-4000:]
        + "\n"
        + log[-3000:]
    )
    return log


def connect(options):
    return psycopg2.connect(
        dbname=LIFECYCLE_DB,
        host=options["db_host"],
        port=options["db_port"],
        user=options["db_user"],
    )


def drop_database(options):
    cnx = psycopg2.connect(
        dbname="postgres", host=options["db_host"], port=options["db_port"], user=options["db_user"]
    )
    cnx.autocommit = True
    with cnx.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{LIFECYCLE_DB}" WITH (FORCE)')
    cnx.close()
    shutil.rmtree(Path(options["data_dir"]) / "filestore" / LIFECYCLE_DB, ignore_errors=True)


def query(options, sql, params=None):
    with connect(options) as cnx, cnx.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def take_snapshot(options, name):
    filestore = Path(options["data_dir"]) / "filestore" / LIFECYCLE_DB
    with connect(options) as cnx, cnx.cursor() as cr:
        result = snapshot(cr, str(filestore))
    (REPORTS / f"lifecycle-{name}.json").write_text(json.dumps(result, indent=1))
    return result


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def changelog_fields(since):
    """The fields CHANGELOG.md says the upgrades after ``since`` change: the
    `model.field` names quoted in their sections."""
    names, current = set(), None
    for line in (ROOT / "CHANGELOG.md").read_text().splitlines():
        heading = re.match(r"^## (\d+(?:\.\d+)+)", line)
        if heading:
            current = heading.group(1)
        elif current and version_key(current) > version_key(since):
            names.update(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", line))
    return names


def compare(before, after, allowed):
    """(lost, changed): the rows of ``before`` missing from ``after``, and the
    values changed that ``allowed`` does not name."""
    lost, changed = [], []
    for table, data in before.items():
        rows_after = after.get(table, {"rows": {}})["rows"]
        model = data["model"]
        for key, row in data["rows"].items():
            new = rows_after.get(key)
            if new is None:
                lost.append(f"{table} {key}")
                continue
            for column, value in row.items():
                name = f"{model}.{column}" if model else table
                if column in new and new[column] != value and name not in allowed:
                    changed.append(f"{name} of {key}: {value!r} -> {new[column]!r}")
    return lost, changed


def counts(snap):
    return {table: len(data["rows"]) for table, data in snap.items()}


# --- the steps ---------------------------------------------------------------


def test_previous_release_installs_and_is_used(tmp_path_factory):
    """The last release, from the repository's history, installs with its
    demo data (in Arabic too), and the association works in it."""
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{PREVIOUS}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    assert found.returncode == 0, (
        f"the previous release {PREVIOUS[:7]} ({PREVIOUS_VERSION}) is not in this clone's "
        "history: fetch it (e.g. `git fetch --unshallow`) to test the upgrade from it"
    )
    # outside the repository (pytest keeps only its last runs' directories)
    previous = tmp_path_factory.mktemp("previous-release")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", PREVIOUS, MODULE],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(previous)], input=archive.stdout, check=True)
    manifest = (previous / MODULE / "__manifest__.py").read_text()
    assert f'"version": "{PREVIOUS_VERSION}"' in manifest

    conf, options = config(previous)
    drop_database(options)

    odoo(
        conf,
        "-i",
        MODULE,
        "--load-language=ar_001",
        "--stop-after-init",
        log_name="install-previous",
    )
    log = odoo(
        conf,
        "--log-level=warn",
        shell=(HERE / "populate.py").read_text(),
        log_name="populate",
    )
    assert "LIFECYCLE populated" in log, log[-3000:]
    state["installed"] = options


def test_upgrade_keeps_every_record():
    """Upgraded to the working tree, nothing the association recorded is lost
    and nothing changed that CHANGELOG.md does not say."""
    options = step_done("installed")
    before = take_snapshot(options, "before-upgrade")
    conf, _options = config(ROOT)
    odoo(conf, "-u", MODULE, "--stop-after-init", log_name="upgrade")
    after = take_snapshot(options, "after-upgrade")

    assert query(
        options, "SELECT latest_version FROM ir_module_module WHERE name = %s", [MODULE]
    ) == [(manifest_version(),)]
    lost, changed = compare(before, after, changelog_fields(PREVIOUS_VERSION))
    assert not lost, f"{len(lost)} rows lost by the upgrade: {lost[:50]}"
    assert not changed, (
        f"{len(changed)} values changed by the upgrade that CHANGELOG.md does not name: "
        f"{changed[:50]}"
    )
    grown = {
        table: (count, counts(after)[table])
        for table, count in counts(before).items()
        if counts(after)[table] != count
    }
    print("rows per table, before and after the upgrade, where they differ:", grown)
    state["upgraded"] = options


def manifest_version():
    manifest = (ROOT / MODULE / "__manifest__.py").read_text()
    return re.search(r'"version": "([^"]+)"', manifest).group(1)


def test_upgrade_carries_the_data_over():
    """The records kept get what this release records about them (see
    CHANGELOG.md): who took each step, from the chatter when it says; the
    consents per purpose, from the file's single consent."""
    options = step_done("upgraded")
    users = dict(query(options, "SELECT login, id FROM res_users"))
    # who took each step of the requests populate.py took through the steps
    steps = query(
        options,
        """
        SELECT reason, submitted_by_id, research_done_by_id FROM beneficiary_request
         WHERE reason IN ('إيجار متأخر', 'سداد دين', 'فاتورة كهرباء')
        """,
    )
    assert sorted(steps) == sorted(
        [
            ("إيجار متأخر", users["officer"], users["researcher"]),
            ("سداد دين", users["officer"], users["researcher"]),
            ("فاتورة كهرباء", users["officer"], None),
        ]
    )
    meeting = query(
        options,
        """
        SELECT started_by_id, closed_by_id, date_closed IS NOT NULL
          FROM beneficiary_committee_meeting WHERE location = 'مقر الجمعية'
        """,
    )
    assert meeting == [(users["committee1"], users["chair"], True)]
    # the demo data were loaded without tracking: the request's officer and
    # researcher, the committee's chair
    assert not query(
        options,
        """
        SELECT name FROM beneficiary_request
         WHERE (date_submitted IS NOT NULL AND submitted_by_id IS DISTINCT FROM user_id
                AND reason NOT IN ('إيجار متأخر', 'سداد دين', 'فاتورة كهرباء'))
            OR (date_submitted IS NULL AND submitted_by_id IS NOT NULL)
            OR (date_committee IS NOT NULL AND research_done_by_id IS NULL)
            OR (date_committee IS NULL AND research_done_by_id IS NOT NULL)
        """,
    )
    assert not query(
        options,
        """
        SELECT m.name FROM beneficiary_committee_meeting m
         WHERE (m.state = 'planned') != (m.started_by_id IS NULL)
            OR (m.state = 'closed') != (m.closed_by_id IS NOT NULL AND m.date_closed IS NOT NULL)
        """,
    )
    # each file's consent became its consent to the requested service, as it was
    assert not query(
        options,
        """
        SELECT b.code FROM beneficiary_beneficiary b
         WHERE b.consent_date IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM beneficiary_consent c
                WHERE c.beneficiary_id = b.id AND c.family_member_id IS NULL
                  AND c.purpose = 'service' AND c.date_given = b.consent_date
                  AND c.channel_id IS NOT DISTINCT FROM b.consent_channel_id
                  AND c.notice_version IS NOT DISTINCT FROM b.consent_policy_version
                  AND c.withdrawn_date IS NOT DISTINCT FROM b.consent_withdrawn_date
                  AND c.withdrawal_reason IS NOT DISTINCT FROM b.consent_withdrawal_reason)
        """,
    )
    consents = query(
        options,
        """
        SELECT b.name, c.purpose, c.state, c.given_by, m.name
          FROM beneficiary_consent c
          JOIN beneficiary_beneficiary b ON b.id = c.beneficiary_id
          LEFT JOIN beneficiary_family_member m ON m.id = c.family_member_id
         WHERE b.name IN ('نورة سالم العتيبي', 'سارة فهد القحطاني', 'مريم خالد الشمري')
        """,
    )
    # the widow's consent in force covers surveys and, for her chronic illness,
    # health data; her minor son's is hers as his guardian; her adult daughter
    # gives her own (listed as missing); the withdrawn one stays withdrawn
    assert sorted(consents, key=str) == sorted(
        [
            ("نورة سالم العتيبي", "service", "given", "subject", None),
            ("نورة سالم العتيبي", "satisfaction", "given", "subject", None),
            ("نورة سالم العتيبي", "health", "given", "subject", None),
            ("نورة سالم العتيبي", "service", "given", "guardian", "سالم العتيبي"),
            ("سارة فهد القحطاني", "service", "withdrawn", "subject", None),
        ],
        key=str,
    )


def test_uninstall_is_clean_and_keeps_the_books():
    """Uninstalled from a database with requests, bills, payments and chatter:
    no error in the log, the module's tables and columns gone, every bill,
    payment and journal entry as it was, and balanced, with its chatter."""
    options = step_done("upgraded")
    before = take_snapshot(options, "before-uninstall")
    assert before["account_move"]["rows"] and before["account_payment"]["rows"]
    conf, _options = config(ROOT)
    log = odoo(
        conf,
        "--log-level=info",
        shell=f"env['ir.module.module'].search([('name', '=', {MODULE!r})])"
        ".button_immediate_uninstall()\nenv.cr.commit()\n",
        log_name="uninstall",
    )
    assert "ir.model.data could not be deleted ([])" in log, "some records were not deleted"
    after = take_snapshot(options, "after-uninstall")
    assert query(options, "SELECT state FROM ir_module_module WHERE name = %s", [MODULE]) == [
        ("uninstalled",)
    ]
    assert not query(
        options,
        """
        SELECT relname FROM pg_class
         WHERE relkind = 'r' AND (relname LIKE 'beneficiary%%' OR relname LIKE 'stakeholder%%')
        UNION ALL
        SELECT table_name || '.' || column_name FROM information_schema.columns
         WHERE column_name LIKE 'beneficiary%%'
        """,
    )
    books = {table: data for table, data in before.items() if table.startswith("account_")}
    lost, changed = compare(books, after, allowed=set())
    assert not lost, f"{len(lost)} rows of the books lost by the uninstall: {lost[:50]}"
    assert not changed, f"the books changed by the uninstall: {changed[:50]}"
    assert not query(
        options,
        """
        SELECT move_id FROM account_move_line
         GROUP BY move_id HAVING ROUND(SUM(debit) - SUM(credit), 2) != 0
        """,
    )
    # the chatter and the files of the books stay with them
    for table, column in (("mail_message", "model"), ("ir_attachment", "res_model")):
        kept = {
            key: row
            for key, row in before[table]["rows"].items()
            if (row[column] or "").startswith("account.")
        }
        assert kept, f"no {table} on the books to check"
        assert all(after[table]["rows"].get(key) == row for key, row in kept.items())
    state["uninstalled"] = options


def test_reinstall_finds_the_records_kept():
    """Installed again (with its demo data, in Arabic too) in the same
    database: it installs cleanly and finds the company, users, contacts and
    accounts the uninstall kept instead of duplicating them."""
    options = step_done("uninstalled")
    companies = query(options, "SELECT count(*) FROM res_company")
    conf, _options = config(ROOT)
    odoo(conf, "-i", MODULE, "--stop-after-init", log_name="reinstall")
    assert query(options, "SELECT state FROM ir_module_module WHERE name = %s", [MODULE]) == [
        ("installed",)
    ]
    assert query(options, "SELECT count(*) FROM res_company") == companies
    assert query(
        options, "SELECT count(*) FROM ir_model_data WHERE module = %s", [f"{MODULE}_kept"]
    ) == [(0,)]
