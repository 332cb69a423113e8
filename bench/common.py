"""Shared by the benchmarks: progress lines and the machine's figures for the result tables."""

import os
import platform
from pathlib import Path


def step(message):
    print(f"… {message}", flush=True)


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"
