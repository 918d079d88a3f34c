"""Time the weekly loop's commands on a vault: the median of several runs of each.

    python bench/commands.py VAULT [--runs 5] [--json results.json]
    python bench/generate.py /tmp/L --contacts 2500 && python bench/commands.py /tmp/L

Each command is the installed `kith` (the one beside this Python) in a new process, as a user runs
it, with `KITH_TODAY` set (`--today`, default 2026-11-22), in the vault's folder. What the commands
work on is picked from the vault itself: a person with a first name of their own, an open task
`kith due --json` lists. A command that writes is undone after each run (the file it changed put
back byte for byte, the file it made removed), so every run does the same work. Wall time and CPU
time come from `os.wait4`; the median of the runs is printed, with the fastest and slowest.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

KITH = Path(sys.executable).parent / "kith"


@dataclass
class Timing:
    command: str
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def run(vault: Path, args: list[str], environment: dict[str, str]) -> tuple[float, float, str, int]:
    """One run: wall seconds, CPU seconds (user + system), stdout, exit status (`kith check` says
    1 when the vault has problems, which a generated vault has on purpose)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([str(KITH), *args], cwd=vault, env=environment, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    if result.returncode != 0 and not (args[0] == "check" and result.returncode == 1):
        raise SystemExit(f"kith {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return seconds, cpu, result.stdout, result.returncode


def first_name_of_their_own(vault: Path, environment: dict[str, str]) -> tuple[str, str]:
    """A public person whose first name nobody else has (as `kith log Priya` would be typed), and
    the file they are in."""
    data = json.loads(run(vault, ["due", "--json"], environment)[2])
    names = [person for key in ("out_of_touch", "birthdays") for person in data[key]]
    names += [person for item in data["overdue"] for person in item["people"]]
    counts = Counter(person["name"].split()[0].lower() for person in names)
    for person in names:
        first = person["name"].split()[0]
        if counts[first.lower()] == 1 and re.fullmatch(r"[A-Za-z]+", first):
            check = subprocess.run([str(KITH), "show", first], cwd=vault, env=environment,
                                   capture_output=True)
            if check.returncode == 0:
                return first, f"contacts/{person['slug']}.md"
    raise SystemExit("no person with a first name of their own in this vault")


def open_task(vault: Path, environment: dict[str, str]) -> tuple[str, str]:
    """An open task of a note (not a follow-up date), and its file."""
    data = json.loads(run(vault, ["due", "--json"], environment)[2])
    for item in data["overdue"] + data["undated"]:
        if not item["follow_up"] and item["note"]:
            return item["id"], item["file"]
    raise SystemExit("no open task in this vault")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", default="2026-11-22")
    parser.add_argument("--json", type=Path, help="write every run's times here")
    args = parser.parse_args(argv)
    vault = args.vault.resolve()
    environment = {**os.environ, "KITH_TODAY": args.today, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("KITH_VAULT", None)
    environment.pop("VISUAL", None)
    environment.pop("EDITOR", None)
    first, contact_file = first_name_of_their_own(vault, environment)
    task, task_file = open_task(vault, environment)
    print(f"vault {vault}: a person '{first}' ({contact_file}), a task {task} ({task_file}); "
          f"{args.runs} runs each", file=sys.stderr)

    # (arguments, the file it changes, whether it makes a new file)
    commands: list[tuple[list[str], str | None, bool]] = [
        (["due"], None, False),
        (["due", "--json"], None, False),
        (["log", first, "--kind", "lunch", "--task", "Send the deck", "--due", "friday",
          "--waiting", "The slides from them", "--body", "Talked about the pilot."], None, True),
        (["add", "Timing Person", "--company", "Acme", "--circle", "close", "--tag", "bench"], None, True),
        (["done", task], task_file, False),
        (["done", task, "--dry-run"], None, False),
        (["snooze", first, "2w"], contact_file, False),
        (["pause", first], contact_file, False),
        (["resume", first], contact_file, False),
        (["show", first], None, False),
        (["check"], None, False),
    ]
    timings: list[Timing] = []
    for arguments, changed, makes in commands:
        timing = Timing("kith " + " ".join(arguments))
        for _ in range(args.runs):
            before = (vault / changed).read_bytes() if changed else None
            if arguments[0] == "resume":  # something to resume: paused first, not timed
                run(vault, ["pause", first], environment)
                before = None
            seconds, cpu, stdout, _ = run(vault, arguments, environment)
            timing.seconds.append(seconds)
            timing.cpu_seconds.append(cpu)
            if changed and before is not None:
                (vault / changed).write_bytes(before)
            if makes:
                created = re.search(r"^Created (\S+)", stdout, re.MULTILINE)
                if created:
                    (vault / created.group(1)).unlink()
        timings.append(timing)
        print(f"{timing.command:<60.60} median {timing.median:5.2f} s  (min {min(timing.seconds):.2f}, "
              f"max {max(timing.seconds):.2f}; CPU {statistics.median(timing.cpu_seconds):.2f} s)")
    if args.json:
        args.json.write_text(json.dumps([asdict(t) for t in timings], indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
