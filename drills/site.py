"""The site under drill, in the production topology: nginx terminates TLS on 127.0.0.1:OM_DRILL_PORT
(so HSTS and Secure cookies are real) and proxies to two gunicorn app servers (plain HTTP on
OM_DRILL_APP_PORTS, passive health checks: an app server that refuses is skipped for a while, an
idempotent request that met it goes to the other), which share PostgreSQL (database omsite_drills),
Redis as the cache (its own server on OM_DRILL_REDIS_PORT) and a three-node OpenSearch cluster of the
drills' own (OM_DRILL_CLUSTER_PORTS, index prefix drills_), and one worker (manage.py run_worker).
Production settings, demo content.
scripts/drills.sh starts Redis and the cluster (and stops them); nginx and gunicorn run from here, their
configuration, pid files and logs in the work dir: nginx's access log counts requests and 5xx answers,
the application log holds the security log lines."""

import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / ".venv-drills" / "bin"  # the security tools' own venv (scripts/lib.sh ensure_drill_tools)
PORT = int(os.environ.get("OM_DRILL_PORT", "8443"))
BASE = f"https://127.0.0.1:{PORT}"
APP_PORTS = [int(port) for port in os.environ.get("OM_DRILL_APP_PORTS", "8454 8455").split()]
REDIS_PORT = int(os.environ.get("OM_DRILL_REDIS_PORT", "6381"))
CLUSTER_PORTS = os.environ.get("OM_DRILL_CLUSTER_PORTS", "9275 9276 9277").split()
DATABASE = "omsite_drills"
# nginx's access log: status, request line, the drill's name, which app server answered, when (epoch s).
ACCESS_FORMAT = '$status "$request" $http_x_drill $upstream_addr $msec'
APP_ACCESS_FORMAT = '%(s)s "%(r)s" %({x-drill}i)s -'  # gunicorn's, in the same shape
FAIL_TIMEOUT = 5  # seconds nginx leaves an app server alone after it refused a connection
NGINX_CONF = """worker_processes 1;
daemon off;
pid {run_dir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format drill '{log_format}';
    access_log {workdir}/access.log drill;
    client_body_temp_path {workdir}/nginx-tmp/body;
    proxy_temp_path {workdir}/nginx-tmp/proxy;
    fastcgi_temp_path {workdir}/nginx-tmp/fastcgi;
    uwsgi_temp_path {workdir}/nginx-tmp/uwsgi;
    scgi_temp_path {workdir}/nginx-tmp/scgi;
    client_max_body_size 20m;
    upstream app {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {workdir}/cert.pem;
        ssl_certificate_key {workdir}/key.pem;
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            # A refused connection or a 502 goes to the other app server; nginx passes a POST on only
            # when it never reached the first (so nothing runs twice).
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
        # No app server answers: a German page instead of nginx's own (its status stays 502/503/504).
        error_page 502 503 504 /_om/nicht-erreichbar.html;
        location = /_om/nicht-erreichbar.html {{
            internal;
            alias {unavailable_page};
            default_type "text/html; charset=utf-8";
        }}
    }}
}}
"""
UNAVAILABLE_PAGE = REPO / "scripts" / "nginx" / "unavailable.html"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def step(message):
    print(f"… {message}", flush=True)


class DrillSite:
    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="om-drills-"))
        # pid files, for `scripts/drills.sh stop` after an aborted run
        self.run_dir = Path(os.environ.get("OM_DRILL_RUN_DIR") or self.workdir)
        self.cert = self.workdir / "cert.pem"
        self.access_log = self.workdir / "access.log"
        self.app_log = self.workdir / "app.log"
        self.app_access_log = self.workdir / "app-access.log"  # both app servers' (requests that skip nginx)
        self.nginx = None
        self.apps: dict[int, subprocess.Popen] = {}
        self.worker: subprocess.Popen | None = None
        self.settings: dict[str, str] = {}
        pg_url = subprocess.check_output(["bash", "scripts/postgres.sh", "url"], cwd=REPO, text=True).strip()
        self.maintenance_url = pg_url
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "om_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": pg_url.rsplit("/", 1)[0] + f"/{DATABASE}",
            "SEARCH_ENGINE": "opensearch",
            "SEARCH_ENGINE_URL": ",".join(f"http://127.0.0.1:{port}" for port in CLUSTER_PORTS),
            "SEARCH_INDEX_PREFIX": "drills_",
            "SEARCH_ANSWER_HEADER": "true",  # X-Search-Answer: the load drill counts who answered
            "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "BEHIND_TLS_PROXY": "true",  # nginx says X-Forwarded-Proto: https
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
            "WAGTAILADMIN_BASE_URL": BASE,
            # Two proxies: each drill sends its own client address in X-Forwarded-For (playing the
            # internet's side, so that one drill's rate limits do not end another's), and nginx appends
            # the address it saw (127.0.0.1): the second entry from the right is the drill's.
            "TRUSTED_PROXY_COUNT": "2",
            "LOG_LEVEL": "INFO",
        }

    # --- preparing -------------------------------------------------------------------------

    def prepare(self):
        wait_for_cluster()
        step(f"fresh database {DATABASE}, demo content, static files (work dir {self.workdir})")
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.maintenance_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DATABASE)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        self.manage("migrate", "--noinput")
        self.manage("createcachetable")
        self.manage("load_demo_content")
        self.manage("collectstatic", "--noinput")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-keyout", str(self.workdir / "key.pem"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        os.environ.update(self.env)  # the drills' own ORM calls use the same database
        import django

        django.setup()

    def manage(self, *args):
        # Output goes to a file: the demo's log (and the engine's "no index yet" before the demo's
        # final rebuild) would bury the report.
        with open(self.workdir / "manage.log", "a") as log:
            result = subprocess.run(
                [sys.executable, "manage.py", *args], cwd=REPO, env=self.env, stdout=log, stderr=log
            )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed: {(self.workdir / 'manage.log').read_text()[-3000:]}"
            )

    # --- serving ---------------------------------------------------------------------------

    def start(self, **settings):
        """Both app servers (again) and nginx; `settings` override environment values (e.g. raised
        rate limits) until the next start."""
        self.stop_apps()
        self.settings = settings
        for port in APP_PORTS:
            self.start_app(port, wait=False)
        if self.nginx is None:
            self.start_nginx()
        if self.worker is None:
            self.start_worker()
        for port in APP_PORTS:
            self.wait_for(f"http://127.0.0.1:{port}/healthz", f"gunicorn on {port}")
        self.wait_for(f"{BASE}/healthz", "nginx")

    def start_app(self, port, wait=True):
        with open(self.app_log, "a") as log:
            self.apps[port] = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "om_site.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
                 "--timeout", "60", "--graceful-timeout", "5", "-p", str(self.run_dir / f"gunicorn-{port}.pid"),
                 "--access-logfile", str(self.app_access_log), "--access-logformat", APP_ACCESS_FORMAT],
                cwd=REPO, env={**self.env, **self.settings}, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if wait:
            self.wait_for(f"http://127.0.0.1:{port}/healthz", f"gunicorn on {port}")

    def start_worker(self):
        """The worker beside the app servers (e-mails, document texts, Wagtail's index updates). Without
        its schedule: the daily jobs would expire and remind the demo's advisors in the middle of a drill."""
        with open(self.workdir / "worker.log", "a") as log:
            self.worker = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--no-schedule"],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        (self.run_dir / "worker.pid").write_text(str(self.worker.pid))  # for `drills.sh stop` after an abort

    def stop_app(self, port):
        server = self.apps.pop(port, None)
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    def stop_apps(self):
        for port in list(self.apps):
            self.stop_app(port)

    def start_nginx(self):
        (self.workdir / "nginx-tmp").mkdir(exist_ok=True)
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;" for port in APP_PORTS
        )
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                workdir=self.workdir,
                run_dir=self.run_dir,
                log_format=ACCESS_FORMAT,
                servers=servers,
                port=PORT,
                unavailable_page=UNAVAILABLE_PAGE,
            )
        )
        with open(self.workdir / "nginx.out", "a") as out:
            self.nginx = subprocess.Popen(
                ["nginx", "-c", str(conf), "-p", str(self.workdir)], stdout=out, stderr=subprocess.STDOUT
            )

    def wait_for(self, url, what):
        for _ in range(150):
            try:
                answer = requests.get(url, verify=str(self.cert), timeout=2, headers={"X-Forwarded-Proto": "https"})
                if answer.status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not answer on {url}; see {self.app_log} and {self.workdir}/nginx-error.log")

    def stop(self):
        self.stop_apps()
        if self.worker is not None:
            self.worker.terminate()
            self.worker.wait(timeout=30)
            self.worker = None
        if self.nginx is not None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finishes what it is passing on
            self.nginx.wait(timeout=30)
            self.nginx = None

    def wait(self):
        """Until the site stops (--serve)."""
        assert self.nginx is not None
        self.nginx.wait()

    # --- clients and logs ------------------------------------------------------------------

    def client(self, drill, address):
        """A browser-like session for one drill, coming from `address` (X-Forwarded-For) and
        marked in the access log with the drill's name."""
        session = requests.Session()
        session.trust_env = False  # REQUESTS_CA_BUNDLE would replace our certificate; no proxies on loopback
        session.verify = str(self.cert)
        session.headers.update(
            {"X-Forwarded-For": address, "X-Drill": drill, "User-Agent": f"om-drill/{drill}", "Referer": f"{BASE}/"}
        )
        return session

    def post_form(self, session, path, data, page=None):
        """GET the form (for its CSRF token), then POST it like a browser."""
        page = page or path
        token = CSRF_FIELD.search(session.get(BASE + page, timeout=30).text)
        payload = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return session.post(BASE + path, data=payload, timeout=30, allow_redirects=False)

    def requests_of(self, drill, log=None):
        """(requests, 5xx answers) nginx's access log (or `log`) holds for one drill."""
        log = log or self.access_log
        if not log.exists():
            return 0, 0
        time.sleep(0.5)  # nginx writes the line after the answer
        lines = [line for line in log.read_text().splitlines() if f'" {drill} ' in line]
        return len(lines), sum(line.startswith("5") for line in lines)

    def log_lines(self, text):
        return [line for line in self.app_log.read_text().splitlines() if text in line]


def wait_for_cluster(seconds=240):
    """scripts/drills.sh starts the drills' cluster in the background (beside the static drills):
    green with every node before the demo content is indexed."""
    deadline = time.monotonic() + seconds
    want = len(CLUSTER_PORTS)
    while time.monotonic() < deadline:
        for port in CLUSTER_PORTS:
            try:
                health = requests.get(
                    f"http://127.0.0.1:{port}/_cluster/health", params={"wait_for_status": "green", "timeout": "2s"},
                    timeout=5,
                ).json()  # fmt: skip
            except (requests.RequestException, ValueError):
                continue
            if health.get("status") == "green" and health.get("number_of_nodes") == want:
                return
        time.sleep(1)
    raise RuntimeError(f"the drills' OpenSearch cluster ({' '.join(CLUSTER_PORTS)}) is not green with {want} nodes")
