"""A minimal JSON-RPC client of a running Odoo server (no Odoo import).

Every :class:`Session` logs in as its own user and calls the models exactly
as any external client would (``/jsonrpc``, service ``object``,
``execute_kw``).  An error answered by the server is raised as
:class:`RpcError`, carrying the server's exception class and traceback.
"""

import itertools
import json
import re
import urllib.request

_request_ids = itertools.count(1)
# "  File "/path/to/file.py", line 12, in function"
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<function>.+)$')


class RpcError(Exception):
    """An error answered by the server."""

    def __init__(self, data):
        self.name = data.get("name", "")  # e.g. "odoo.exceptions.ValidationError"
        self.message = data.get("message", "")
        self.debug = data.get("debug", "")  # the server's traceback
        super().__init__(f"{self.name}: {self.message}")

    @property
    def frames(self):
        """(path, line, function, code) of the frames of the last traceback
        of ``debug`` (the exception raised, not those it was raised while
        handling), outermost first."""
        last = self.debug.rsplit("Traceback (most recent call last):", 1)[-1].splitlines()
        frames = []
        for index, text in enumerate(last):
            match = _FRAME.match(text)
            if match:
                code = last[index + 1].strip() if index + 1 < len(last) else ""
                code = "" if _FRAME.match(code) else code
                frames.append((match["path"], int(match["line"]), match["function"], code))
        return frames


def jsonrpc(url, service, method, *args, timeout=120):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": next(_request_ids),
        "params": {"service": service, "method": method, "args": list(args)},
    }
    request = urllib.request.Request(
        f"{url}/jsonrpc",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        raise RpcError(answer["error"].get("data") or {"message": answer["error"]["message"]})
    return answer["result"]


class Session:
    """One user logged in on the server."""

    def __init__(self, url, db, login, password=None):
        self.url, self.db, self.login = url, db, login
        self.password = password or login
        self.uid = jsonrpc(url, "common", "login", db, login, self.password)
        if not self.uid:
            raise AssertionError(f"{login} cannot log in on {db}")

    def __repr__(self):
        return f"<Session {self.login}>"

    def call(self, model, method, *args, **kwargs):
        """``model.method(*args, **kwargs)`` as this user."""
        return jsonrpc(
            self.url,
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )

    def read_one(self, model, record_id, fields):
        return self.call(model, "read", [record_id], fields)[0]

    def ref(self, xmlid):
        """The id of the record ``module.name``."""
        module, name = xmlid.split(".", 1)
        found = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        if not found:
            raise AssertionError(f"no record {xmlid}")
        return found[0]["res_id"]
