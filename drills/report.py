"""One row per drill check and the table the drill stage ends with; any breach fails the stage."""

from dataclasses import dataclass, field


@dataclass
class Check:
    tool: str  # what made the requests or read the code
    check: str  # what was checked, in a few words
    requests: int = 0
    server_errors: int = 0  # answers with status 5xx
    findings: dict = field(default_factory=dict)  # severity -> count
    figures: str = ""  # the drill's own measurements (lock point, 429 after N, ...)
    breaches: list = field(default_factory=list)  # what violated the figures
    table: str = ""  # a drill's own table, printed below the report (the load drill's faults)

    def breach(self, message):
        self.breaches.append(message)

    @property
    def ok(self):
        return not self.breaches and not self.server_errors


def table(checks):
    headers = ["tool", "check", "requests", "5xx", "findings", "figures", "result"]
    rows = []
    for c in checks:
        findings = ", ".join(f"{k} {v}" for k, v in c.findings.items()) or "–"
        rows.append(
            [c.tool, c.check, str(c.requests), str(c.server_errors), findings, c.figures, "ok" if c.ok else "BREACH"]
        )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)) + " |"

    out = [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]
    out += ["\n" + c.table for c in checks if c.table]
    for c in checks:
        out += [f"BREACH {c.tool} / {c.check}: {b}" for b in c.breaches]
        if c.server_errors:
            out.append(f"BREACH {c.tool} / {c.check}: {c.server_errors} answers with status 5xx")
    return "\n".join(out)
