"""Resident memory of a process and its children, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    children = []
    for task in (PROC / str(pid) / "task").glob("*/children"):
        children += [int(child) for child in task.read_text().split()]
    return children


def _rss_kb(pid: int) -> int:
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def resident_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB; 0 if it has exited."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            total += _rss_kb(current)
            pending += _children(current)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return round(total / 1024, 1)
