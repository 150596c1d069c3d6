"""Tests against a running Odoo server with worker processes (no Odoo import).

``scripts/test`` clones the freshly installed test database, starts Odoo on
it with ``--workers=2`` and runs this suite with ``BR_RPC_URL`` (and
``BR_RPC_DB``) set; the users are the module's demo users, password = login
(README).  Without ``BR_RPC_URL`` every test is skipped, saying why.
"""

import os

import pytest
from odoo_rpc import Session

PASSWORDS = {"admin": "admin"}  # the demo users' password is their login


@pytest.fixture(scope="session")
def server():
    url = os.environ.get("BR_RPC_URL")
    if not url:
        pytest.skip(
            "BR_RPC_URL is not set: no Odoo server to test against (scripts/test starts one)"
        )
    return url.rstrip("/"), os.environ.get("BR_RPC_DB", "br_rpc")


@pytest.fixture(scope="session")
def login(server):
    """login(name): a new session of that demo user (each call logs in again)."""

    def login(name):
        url, db = server
        return Session(url, db, name, PASSWORDS.get(name))

    return login


@pytest.fixture(scope="session")
def admin(login):
    """The demo database's administrator (the beneficiary relations manager)."""
    return login("admin")
