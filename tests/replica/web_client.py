"""The web client's side of an Odoo server, without Odoo: a session logged in
with its cookie, calling the models as the browser does
(``/web/dataset/call_kw`` and ``call_button``, which Odoo 18 serves on a
read-only cursor, hence on the read replica, for the methods marked
``@api.readonly``) and fetching pages (``/report/...``)."""

import http.cookiejar
import itertools
import json
import urllib.parse
import urllib.request

_ids = itertools.count(1)


class WebError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.debug = data.get("debug", "")
        super().__init__(f"{self.name}: {data.get('message') or error.get('message')}")


class WebSession:
    """A user logged in as in the browser."""

    def __init__(self, url, db, login, password=None):
        self.url, self.login = url, login
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        info = self.json(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password or login},
        )
        self.uid = info["uid"]
        self.context = info["user_context"]

    def json(self, path, params):
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(_ids), "params": params}
        request = urllib.request.Request(
            self.url + path, json.dumps(payload).encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=300) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise WebError(answer["error"])
        return answer["result"]

    def call(self, model, method, *args, button=False, **kwargs):
        """``model.method(*args, **kwargs)`` as the web client calls it."""
        kwargs.setdefault("context", self.context)
        route = "call_button" if button else "call_kw"
        return self.json(
            f"/web/dataset/{route}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path, **query):
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        with self.opener.open(url, timeout=300) as response:
            return response.status, response.read()
