#!/usr/bin/env bash
# Shared helpers for scripts/run, scripts/test and scripts/stop.
# Sourced, not executed.  Everything the project needs on a fresh Debian
# machine is installed from here; Odoo's own source is never fetched: it must
# already be on disk (ODOO_PATH, or ~/odoo-18.0, or an importable `odoo`).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON=beneficiary_relations
LOCAL="$ROOT/.local"                      # ignored by git
VENV="$ROOT/.venv"                        # ignored by git
PGDATA_DIR="$LOCAL/pgdata"
PGSOCK_DIR="$LOCAL/pgsock"
PGLOG="$LOCAL/postgresql.log"
PGPORT="${BR_PGPORT:-54329}"
PGUSER_NAME=odoo
HTTP_PORT="${BR_HTTP_PORT:-8069}"
RPC_PORT="${BR_RPC_PORT:-8079}"            # the multi-process server of the RPC tests
STANDBY_PORT="${BR_STANDBY_PORT:-$((PGPORT + 1000))}"   # the read replica of the scale-out test
STANDBY_DIR="$LOCAL/pgstandby"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- system packages -------------------------------------------------------
APT_UPDATED=0
apt_install() {
    # apt_install PKG...: install the Debian packages that are not installed yet
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing system packages (${missing[*]}) and no apt-get to install them"
    log "installing system packages: ${missing[*]}"
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

ensure_base_packages() {
    # what the lint/unit layers need: a Python able to make a venv
    apt_install python3 python3-venv python3-dev build-essential
}

ensure_odoo_packages() {
    # PostgreSQL server, PDF engine, Arabic-capable fonts, headers to build
    # Odoo's Python requirements (psycopg2, python-ldap), PDF text tools, and
    # the headless browser Odoo's HttpCase tours click through
    apt_install postgresql libpq-dev libldap2-dev libsasl2-dev \
        wkhtmltopdf fonts-noto-core poppler-utils chromium curl
}

ensure_rtlcss() {
    # Odoo builds the right-to-left (Arabic) styles of the web client and of the
    # PDF reports with the `rtlcss` command; without it both are laid out left
    # to right.  Installed in the project (.local/node), not system-wide.
    command -v rtlcss >/dev/null 2>&1 && return 0
    local bin="$LOCAL/node/node_modules/.bin"
    if [ ! -x "$bin/rtlcss" ]; then
        command -v npm >/dev/null 2>&1 || apt_install nodejs npm
        log "installing rtlcss (right-to-left styles) in $LOCAL/node"
        mkdir -p "$LOCAL/node"
        # Node.js ignores the system's certificate authorities unless told
        local ca=/etc/ssl/certs/ca-certificates.crt
        [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$ca" ] && export NODE_EXTRA_CA_CERTS="$ca"
        npm install --silent --no-audit --no-fund --prefix "$LOCAL/node" "rtlcss@4" >&2 \
            || { log "WARNING: rtlcss could not be installed: Arabic pages will be laid out left to right"; return 0; }
    fi
    export PATH="$PATH:$bin"   # after the venv: Odoo re-executes plain `python`
}

# --- Odoo -------------------------------------------------------------------
ODOO_ROOT=""        # the source tree (holds odoo-bin and odoo/)
ODOO_ADDONS=""      # comma-separated addons paths of that tree
find_odoo() {
    # Sets ODOO_ROOT/ODOO_ADDONS and returns 0 when an Odoo 18.0 tree is found.
    local candidates=() c
    if [ -n "${ODOO_PATH:-}" ]; then
        candidates=("$ODOO_PATH")
    else
        candidates=("$HOME/odoo-18.0")
        local py
        for py in "$VENV/bin/python" python3; do
            if command -v "$py" >/dev/null 2>&1; then
                c="$("$py" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)"
                [ -n "$c" ] && candidates+=("$c") && break
            fi
        done
    fi
    for c in "${candidates[@]}"; do
        [ -f "$c/odoo/release.py" ] || continue
        grep -q "^version_info = (18, 0" "$c/odoo/release.py" || {
            log "ignoring $c: not Odoo 18.0"; continue; }
        ODOO_ROOT="$(cd "$c" && pwd)"
        ODOO_ADDONS="$ODOO_ROOT/odoo/addons"
        # upstream layout keeps most addons in addons/ at the root
        [ -d "$ODOO_ROOT/addons/web" ] && ODOO_ADDONS="$ODOO_ROOT/addons,$ODOO_ADDONS"
        return 0
    done
    return 1
}

NO_ODOO_MESSAGE="No Odoo 18.0 source tree found: set ODOO_PATH to one (or put it at ~/odoo-18.0)."

# --- Python virtual environment ---------------------------------------------
venv_stamp() { cat "$@" 2>/dev/null | sha1sum | cut -c1-12; }

ensure_venv() {
    # ensure_venv [with-odoo]: the project's venv with our requirements, and
    # Odoo's requirements too when asked.
    ensure_base_packages
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating the virtual environment in $VENV"
        python3 -m venv "$VENV"
        "$VENV/bin/pip" install -q --upgrade "pip<25" wheel >&2
    fi
    export PATH="$VENV/bin:$PATH"   # Odoo re-executes itself as plain `python`
    local want files=("$ROOT/requirements.txt" "$ROOT/requirements-dev.txt")
    local odoo_requirements=""
    if [ "${1:-}" = with-odoo ] && [ -f "$ODOO_ROOT/requirements.txt" ]; then
        odoo_requirements="$ODOO_ROOT/requirements.txt"
        files+=("$odoo_requirements")
    fi
    want="$(venv_stamp "${files[@]}")"
    if [ "$(cat "$VENV/.stamp-${1:-base}" 2>/dev/null)" != "$want" ]; then
        log "installing Python requirements (${1:-base})"
        local constraints="$LOCAL/build-constraints.txt"
        mkdir -p "$LOCAL"
        # cbor2 (Odoo's requirement) does not build with setuptools>=70
        echo 'setuptools<70' > "$constraints"
        local args=(-r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt")
        [ -n "$odoo_requirements" ] && args+=(-r "$odoo_requirements")
        PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q "${args[@]}" >&2
        echo "$want" > "$VENV/.stamp-${1:-base}"
    fi
}

# --- private PostgreSQL -------------------------------------------------------
pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && echo "$d"; done | sort -V | tail -1
}

as_pg_owner() {
    # initdb/postgres refuse to run as root: use the `postgres` system user then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; }

start_postgres() {
    # start_postgres [unsafe]: the project's PostgreSQL, with PostgreSQL's
    # durable defaults.  `unsafe` (scripts/test only: its databases are thrown
    # away) starts it with fsync=off and full_page_writes=off, faster but
    # corrupted by a crash of the machine.  A server found running unsafe
    # when durability is asked (scripts/run after scripts/test) is restarted
    # with the defaults; a durable one is never made unsafe.
    local bin settings=""; bin="$(pg_bin)"
    [ "${1:-}" = unsafe ] && settings=" -c fsync=off -c full_page_writes=off"
    [ -n "$bin" ] || die "PostgreSQL server binaries not found"
    mkdir -p "$LOCAL" "$PGSOCK_DIR"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$PGSOCK_DIR"
        [ -d "$PGDATA_DIR" ] && chown -R postgres "$PGDATA_DIR"
        # the postgres user must be able to reach the data folder
        chmod o+x "$LOCAL"
    fi
    if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
        log "initialising the project's PostgreSQL cluster in $PGDATA_DIR"
        mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA_DIR"
        as_pg_owner "$bin/initdb" -D "$PGDATA_DIR" -U "$PGUSER_NAME" --auth=trust \
            -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_pg_owner "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        if [ -z "$settings" ] && [ "$(psql_cmd -c 'SHOW fsync' 2>/dev/null)" = off ]; then
            log "restarting PostgreSQL with its durable settings (it ran with fsync=off for the tests)"
            as_pg_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        else
            pg_ready && return 0
        fi
    elif pg_ready; then
        die "port $PGPORT is taken by another PostgreSQL; choose another with BR_PGPORT=..."
    fi
    log "starting PostgreSQL on 127.0.0.1:$PGPORT"
    touch "$PGLOG"; [ "$(id -u)" -eq 0 ] && chown postgres "$PGLOG"
    as_pg_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
        -o "-h 127.0.0.1 -p $PGPORT -k $PGSOCK_DIR$settings" start >/dev/null \
        || { tail -20 "$PGLOG" >&2; die "PostgreSQL did not start (log: $PGLOG)"; }
}

stop_postgres() {
    local bin; bin="$(pg_bin)"
    if [ -n "$bin" ] && [ -s "$PGDATA_DIR/PG_VERSION" ] \
        && as_pg_owner "$bin/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
        as_pg_owner "$bin/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
        log "PostgreSQL stopped"
    else
        log "PostgreSQL is not running"
    fi
}

start_standby() {
    # A streaming standby of the project's PostgreSQL on 127.0.0.1:STANDBY_PORT
    # (a read replica for Odoo's --db_replica_host/--db_replica_port), copied
    # with pg_basebackup; stop_standby removes it.  The primary is not
    # reconfigured: initdb's defaults already allow local replication.
    local bin i; bin="$(pg_bin)"
    stop_standby
    mkdir -p "$STANDBY_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$STANDBY_DIR"
    chmod 700 "$STANDBY_DIR"
    as_pg_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER_NAME" \
        -D "$STANDBY_DIR" -X stream -c fast -R || return 1
    touch "$LOCAL/postgresql-standby.log"
    [ "$(id -u)" -eq 0 ] && chown postgres "$LOCAL/postgresql-standby.log"
    as_pg_owner "$bin/pg_ctl" -D "$STANDBY_DIR" -l "$LOCAL/postgresql-standby.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $STANDBY_PORT -k $PGSOCK_DIR -c fsync=off -c hot_standby=on" \
        start >/dev/null || { tail -20 "$LOCAL/postgresql-standby.log" >&2; return 1; }
    for i in $(seq 30); do
        [ "$(psql_cmd -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ] \
            && return 0
        sleep 1
    done
    echo "the standby on port $STANDBY_PORT does not stream from the primary" >&2
    return 1
}

stop_standby() {
    local bin; bin="$(pg_bin)"
    if [ -s "$STANDBY_DIR/PG_VERSION" ] \
        && as_pg_owner "$bin/pg_ctl" -D "$STANDBY_DIR" status >/dev/null 2>&1; then
        as_pg_owner "$bin/pg_ctl" -D "$STANDBY_DIR" -m fast -w stop >/dev/null
    fi
    rm -rf "$STANDBY_DIR"
}

psql_cmd() { "$(pg_bin)/psql" -h 127.0.0.1 -p "$PGPORT" -U "$PGUSER_NAME" -d postgres -tAq "$@"; }
db_exists() { [ "$(psql_cmd -c "SELECT 1 FROM pg_database WHERE datname='$1'")" = 1 ]; }

drop_database() {
    # drop_database NAME: drop NAME and its filestore, or stop the script
    # (a database left behind would be tested as if it were fresh)
    if db_exists "$1"; then
        psql_cmd -c "DROP DATABASE \"$1\" WITH (FORCE)" \
            || die "could not drop the database $1 (see the error above): stopping"
    fi
    rm -rf "$LOCAL/filestore/filestore/$1"
}

clone_database() {
    # clone_database FROM TO: TO becomes a copy of FROM, with its filestore
    # (FROM must have no open connection)
    local store="$LOCAL/filestore/filestore"
    if db_exists "$2"; then psql_cmd -c "DROP DATABASE \"$2\" WITH (FORCE)" || return 1; fi
    psql_cmd -c "CREATE DATABASE \"$2\" TEMPLATE \"$1\"" || return 1
    rm -rf "${store:?}/$2"
    if [ -d "$store/$1" ]; then cp -a "$store/$1" "$store/$2"; fi
}

write_odoo_config() {
    # write_odoo_config FILE DBNAME
    cat > "$1" <<CONF
[options]
addons_path = $ODOO_ADDONS,$ROOT
data_dir = $LOCAL/filestore
db_host = 127.0.0.1
db_port = $PGPORT
db_user = $PGUSER_NAME
db_password = False
db_name = $2
dbfilter = ^$2\$
list_db = False
http_interface = 127.0.0.1
http_port = $HTTP_PORT
admin_passwd = admin
without_demo = False
CONF
}

gevent_metadata_path() {
    # With worker processes Odoo also runs a gevent process, and gevent 22.10
    # loads its plugins through pkg_resources.  The venv's pkg_resources
    # (setuptools < 75.8.2) does not find distributions whose metadata uses
    # normalised names (zope_interface-8.7.dist-info): that process then
    # dies at start and Odoo respawns it without end.  Prints a folder for
    # PYTHONPATH declaring those distributions under the names pkg_resources
    # looks for (empty when it finds them all).
    local dir="$LOCAL/gevent-metadata"
    rm -rf "$dir" && mkdir -p "$dir"
    "$VENV/bin/python" - "$dir" <<'PY' >&2
import importlib.metadata
import pathlib
import sys
import warnings

warnings.simplefilter("ignore")  # pkg_resources' own deprecation notice
import pkg_resources  # noqa: E402

for requirement in pkg_resources.get_distribution("gevent").requires():
    try:
        pkg_resources.get_distribution(requirement)
    except pkg_resources.DistributionNotFound:
        name = requirement.project_name
        version = importlib.metadata.version(name)
        pathlib.Path(sys.argv[1], f"{name}-{version}.egg-info").write_text(
            f"Metadata-Version: 1.1\nName: {name}\nVersion: {version}\n"
        )
PY
    echo "$dir"
}

start_odoo_server() {
    # start_odoo_server PIDFILE LOGFILE ARGS...: Odoo in the background with
    # ARGS (worker processes allowed); its process id goes to PIDFILE (see
    # stop_odoo_server)
    local pidfile="$1" logfile="$2" path
    shift 2
    path="$(gevent_metadata_path)"
    if [ -f "$ODOO_ROOT/odoo-bin" ]; then
        PYTHONPATH="$path${PYTHONPATH:+:$PYTHONPATH}" \
            "$VENV/bin/python" "$ODOO_ROOT/odoo-bin" "$@" > "$logfile" 2>&1 &
    else
        PYTHONPATH="$path:$ODOO_ROOT${PYTHONPATH:+:$PYTHONPATH}" \
            "$VENV/bin/python" -m odoo "$@" > "$logfile" 2>&1 &
    fi
    echo $! > "$pidfile"
}

wait_for_odoo() {
    # wait_for_odoo URL PIDFILE SECONDS: until Odoo answers URL/web/health;
    # fails when the server died or did not answer in time
    local deadline=$((SECONDS + $3))
    until curl -sf -o /dev/null --max-time 5 "$1/web/health"; do
        kill -0 "$(cat "$2")" 2>/dev/null || return 1
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 1
    done
}

stop_odoo_server() {
    # stop_odoo_server PIDFILE: stop the server started by start_odoo_server
    # (its workers stop with it), killing it when it does not stop in 30s
    [ -s "$1" ] || return 0
    local pid i
    pid="$(cat "$1")"
    rm -f "$1"
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 30); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

odoo_bin() {
    # a source tree has odoo-bin; an installed `odoo` package runs as a module
    if [ -f "$ODOO_ROOT/odoo-bin" ]; then
        "$VENV/bin/python" "$ODOO_ROOT/odoo-bin" "$@"
    else
        PYTHONPATH="$ODOO_ROOT${PYTHONPATH:+:$PYTHONPATH}" "$VENV/bin/python" -m odoo "$@"
    fi
}
