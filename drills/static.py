"""Static checks: bandit over our Python code and the project's semgrep rules (with their own tests)."""

import json
import subprocess
from collections import Counter

from drills.report import Check
from drills.site import REPO, TOOLS


def bandit():
    check = Check("bandit", "Python code (no tests, no benchmarks)")
    result = subprocess.run(
        [str(TOOLS / "bandit"), "-q", "-r", ".", "-c", "pyproject.toml", "-f", "json"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    found = json.loads(result.stdout)["results"]
    check.findings = dict(Counter(r["issue_severity"].lower() for r in found))
    for r in found:
        if r["issue_severity"] in ("HIGH", "MEDIUM"):  # each justified exception carries `# nosec <id>`
            check.breach(f"{r['test_id']} {r['filename']}:{r['line_number']} {r['issue_text']}")
    return check


def semgrep():
    check = Check("semgrep", "project rules drills/semgrep/")
    env = {"SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off", "PATH": str(TOOLS) + ":/usr/bin:/bin"}
    tests = subprocess.run(
        [str(TOOLS / "semgrep"), "scan", "--test", "drills/semgrep", "--metrics=off", "--quiet"],
        cwd=REPO, capture_output=True, text=True, env=env,
    )  # fmt: skip
    if tests.returncode:
        check.breach("the rules' own tests fail:\n" + tests.stdout + tests.stderr)
    result = subprocess.run(
        [str(TOOLS / "semgrep"), "scan", "--config", "drills/semgrep/om-rules.yml", "--metrics=off", "--json", "."],
        cwd=REPO, capture_output=True, text=True, env=env,
    )  # fmt: skip
    found = json.loads(result.stdout)["results"]
    check.findings = dict(Counter(r["extra"]["severity"].lower() for r in found)) or {"error": 0}
    for r in found:
        check.breach(f"{r['check_id'].rsplit('.', 1)[-1]} {r['path']}:{r['start']['line']}")
    return check
