"""The site under drill: production settings, PostgreSQL and OpenSearch of the test command, demo
content, gunicorn with TLS on 127.0.0.1 (so HSTS and Secure cookies are real), an access log to
count requests and 5xx answers, and the application log to find the security log lines."""

import os
import re
import secrets
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
DATABASE = "omsite_drills"
ACCESS_FORMAT = '%(s)s "%(r)s" %({x-drill}i)s'
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def step(message):
    print(f"… {message}", flush=True)


class DrillSite:
    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="om-drills-"))
        self.cert = self.workdir / "cert.pem"
        self.access_log = self.workdir / "access.log"
        self.app_log = self.workdir / "app.log"
        self.server = None
        pg_url = subprocess.check_output(["bash", "scripts/postgres.sh", "url"], cwd=REPO, text=True).strip()
        self.maintenance_url = pg_url
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "om_site.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": pg_url.rsplit("/", 1)[0] + f"/{DATABASE}",
            "SEARCH_ENGINE": "opensearch",
            "SEARCH_ENGINE_URL": f"http://127.0.0.1:{os.environ.get('OM_OPENSEARCH_PORT', '9250')}",
            "SEARCH_INDEX_PREFIX": "drills_",
            "STATIC_ROOT": str(self.workdir / "static"),
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.workdir / "private"),
            "WAGTAILADMIN_BASE_URL": BASE,
            # The drills play the reverse proxy of production: each drill sends its own client
            # address in X-Forwarded-For, so that one drill's rate limits do not end another's.
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "INFO",
        }

    # --- preparing -------------------------------------------------------------------------

    def prepare(self):
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
        """gunicorn with TLS; `settings` override environment values (e.g. raised rate limits)."""
        self.stop()
        env = {**self.env, **settings}
        with open(self.app_log, "a") as log:
            self.server = subprocess.Popen(
                [str(Path(sys.executable).parent / "gunicorn"), "om_site.wsgi", "-w", "3", "-b", f"127.0.0.1:{PORT}",
                 "--certfile", str(self.cert), "--keyfile", str(self.workdir / "key.pem"),
                 "--access-logfile", str(self.access_log), "--access-logformat", ACCESS_FORMAT,
                 "--timeout", "60", "--graceful-timeout", "5"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        for _ in range(150):
            try:
                if requests.get(f"{BASE}/healthz", verify=self.cert, timeout=2).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on {BASE}; see {self.app_log}")

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

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

    def requests_of(self, drill):
        """(requests, 5xx answers) the access log holds for one drill."""
        if not self.access_log.exists():
            return 0, 0
        time.sleep(0.5)  # gunicorn writes the line after the answer
        lines = [line for line in self.access_log.read_text().splitlines() if line.endswith(f" {drill}")]
        return len(lines), sum(line.startswith("5") for line in lines)

    def log_lines(self, text):
        return [line for line in self.app_log.read_text().splitlines() if text in line]
