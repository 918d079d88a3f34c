"""Time kith's MkDocs build against a plain MkDocs build of the same pages.

    python bench/run.py [--sizes S,M,L] [--repeat K] [--serve] [--json results.json]

For each size it generates two vaults from one plan (`bench/generate.py`): one built by the kith
plugin, one the plain baseline (the same Markdown files as ordinary pages, search plugin only).
Each build is a fresh `mkdocs build` process with the site directory removed first; its wall
time and peak RSS come from `os.wait4`. kith's own time is read from the JSON file the plugin
writes to `$KITH_PROFILE`. With `--serve` it also starts `kith serve`, saves notes one after the
other and times how long each change takes to reach three pages, then does the same for the
baseline under `mkdocs serve --dirty` (its note's page). See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

SIZES = {"S": 250, "M": 1000, "L": 2500, "XL": 10000}
# The documented way to serve a vault (README "Serving and building"): `kith serve`.
DEFAULT_SERVE_CMD = "{kith} serve --dev-addr 127.0.0.1:{port}"
# The baseline: MkDocs' own server on the plain pages, in its quickest mode (only changed pages).
PLAIN_SERVE_CMD = "{mkdocs} serve --dirty --dev-addr 127.0.0.1:{port}"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Builds


@dataclass
class Build:
    seconds: float
    peak_mb: float
    returncode: int
    cpu_seconds: float = 0.0  # of the build process and the workers it waited for
    kith_seconds: float | None = None
    profile: dict[str, Any] | None = None
    pages: int = 0
    warnings: int = 0
    log: str = ""


def mkdocs_command(option: str | None) -> list[str]:
    """`mkdocs` from the Python running this script, so the venv's plugin is the one measured."""
    if option:
        return shlex.split(option)
    beside = Path(sys.executable).with_name("mkdocs")
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "mkdocs"]


def run_build(mkdocs: list[str], vault: Path, env: dict[str, str], log_path: Path,
              profile_path: Path, timeout: float) -> Build:
    """One cold `mkdocs build` in a fresh process: wall time, peak RSS, kith's own time."""
    site = vault / "site"
    shutil.rmtree(site, ignore_errors=True)
    profile_path.unlink(missing_ok=True)
    # What the last build wrote (and this removal) reaches the disk before the clock starts: the
    # kernel writing it back during this build would slow it by the other build's size.
    if hasattr(os, "sync"):
        os.sync()
    drop_file_caches()
    command = [*mkdocs, "build", "-f", str(vault / "mkdocs.yml"), "-d", str(site)]
    with log_path.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=vault, stdout=out, stderr=subprocess.STDOUT,
                                   env={**env, "KITH_PROFILE": str(profile_path)})
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            # wait4, not getrusage(RUSAGE_CHILDREN): the peak of this one child, not of all so far.
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    build = Build(seconds=seconds, peak_mb=usage.ru_maxrss / 1024, returncode=process.returncode,
                  cpu_seconds=usage.ru_utime + usage.ru_stime,
                  warnings=len(re.findall(r"^WARNING", text, re.MULTILINE)), log=str(log_path))
    if profile_path.exists():
        try:
            build.profile = json.loads(profile_path.read_text(encoding="utf-8"))
            value = build.profile.get("kith_seconds")
            build.kith_seconds = float(value) if value is not None else None
        except (ValueError, AttributeError, TypeError) as error:
            log(f"could not read {profile_path}: {error}")
    if site.is_dir():
        build.pages = sum(1 for page in site.rglob("*.html") if page.name != "404.html")
    return build


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_file_caches() -> None:
    """Empties Linux's page cache where this process may (root), so that every build starts with the
    kernel as the first did. Otherwise what each site written and deleted leaves cached slows the
    file work of every later build, more for the build that writes more (bench/README.md).
    Whether it could is in the JSON (`meta`)."""
    with contextlib.suppress(OSError):
        DROP_CACHES.write_text("1\n")


def with_plugins(config: Path, plugins: Sequence[str]) -> None:
    """Adds plugins to a generated mkdocs.yml, after search (both vaults list it first)."""
    if plugins:
        text = config.read_text("utf-8")
        added = "".join(f"  - {name}\n" for name in plugins)
        config.write_text(text.replace("  - search\n", "  - search\n" + added, 1), "utf-8")


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def summarize(builds: list[Build]) -> dict[str, Any]:
    if not builds:
        return {}
    ok = [b for b in builds if b.returncode == 0]
    return {
        "ok": len(ok) == len(builds),
        "seconds": median([b.seconds for b in ok]),
        "cpu_seconds": median([b.cpu_seconds for b in ok]),
        "peak_mb": median([b.peak_mb for b in ok]),
        "kith_seconds": median([b.kith_seconds for b in ok]),
        "pages": ok[0].pages if ok else None,
        "warnings": ok[0].warnings if ok else None,
        "runs": [asdict(b) for b in builds],
    }


def tail(path: str, lines: int = 15) -> str:
    text = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(f"    {line}" for line in text[-lines:])


# --------------------------------------------------------------------------------------------
# Serve


@dataclass
class ServeEdit:
    note: generate.Note
    task: generate.Task
    participant: str  # slug of the note's first participant


def pick_edits(vault: generate.Vault, count: int) -> list[ServeEdit]:
    """The `count` newest notes with an open, dated task that links nobody (so it is its
    participants'), one task each, newest first.

    No participant is private, so the note and the profile are surely published.
    """
    contacts = vault.by_slug()
    best: dict[str, tuple[tuple[Any, ...], ServeEdit]] = {}
    for note in vault.notes:
        first = contacts[note.participants[0]]
        if any(contacts[slug].private for slug in note.participants):
            continue
        if not (re.fullmatch(r"[a-z0-9-]+", first.slug) and re.fullmatch(r"[a-z0-9-]+", note.stem)):
            continue  # kith publishes `mateo-fernández` as `mateo-fernandez`: the URL is kith's to make
        for task in note.tasks:
            if task.done or task.due is None or task.links:
                continue
            # Prefer overdue promises of mine: every follow-up page lists those.
            key = (task.due <= vault.today, not task.waiting, note.date, note.stem)
            if note.stem not in best or key > best[note.stem][0]:
                best[note.stem] = (key, ServeEdit(note, task, first.slug))
    if len(best) < count:
        raise RuntimeError(f"fewer than {count} notes with an open dated task to edit")
    return [edit for _, edit in sorted(best.values(), key=lambda pair: pair[0], reverse=True)[:count]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int | None, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError):
        return None, ""


def search_pages(base: str) -> set[str] | None:
    status, text = fetch(base + "search/search_index.json")
    if status != 200:
        return None
    try:
        docs = json.loads(text)["docs"]
    except (ValueError, KeyError, TypeError):
        return None
    return {str(doc.get("location", "")).split("#", 1)[0] for doc in docs}


class ServerOutput:
    """Collects a server's output lines, with the time each arrived, on a thread."""

    def __init__(self, process: subprocess.Popen[str], log_path: Path) -> None:
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._read, args=(process, log_path), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen[str], log_path: Path) -> None:
        assert process.stdout is not None
        with log_path.open("w", encoding="utf-8") as out:
            for line in process.stdout:
                out.write(line)
                out.flush()
                with self.lock:
                    self.lines.append((time.monotonic(), line.rstrip("\n")))

    def since(self, moment: float, needle: str) -> list[tuple[float, str]]:
        with self.lock:
            return [(t, line) for t, line in self.lines if t >= moment and needle in line]


def wait_for(condition: Callable[[], bool], timeout: float, process: subprocess.Popen[str],
             interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return condition()
        time.sleep(interval)
    return False


def stop(process: subprocess.Popen[str]) -> None:
    """Stop the server and everything it started: its whole process group."""
    for sig, grace in ((signal.SIGINT, 15), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue


def measure_serve(command_template: str, mkdocs: list[str], vault_dir: Path, plan: generate.Vault,
                  env: dict[str, str], work: Path, timeout: float, saves: int = 3,
                  plain: bool = False) -> dict[str, Any]:
    """`saves` saves of different notes, one after the other, each once the last has been built;
    the figures are their medians (this machine's speed varies from one second to the next).
    `plain`: the baseline vault, whose notes are ordinary pages (only the note's page is watched)."""
    port = free_port()
    kith = Path(sys.executable).with_name("kith")
    command = command_template.format(mkdocs=shlex.join(mkdocs), port=port,
                                      kith=shlex.quote(str(kith)) if kith.exists() else "kith",
                                      config=shlex.quote(str(vault_dir / "mkdocs.yml")))
    base = f"http://127.0.0.1:{port}/"
    result: dict[str, Any] = {"command": command, "edits": []}
    log(f"serve: {command}")
    start = time.monotonic()
    process = subprocess.Popen(shlex.split(command), cwd=vault_dir, env=env, text=True,
                               encoding="utf-8", errors="replace", stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        log_path = work / ("plain-serve.log" if plain else "serve.log")
        output = ServerOutput(process, log_path)
        if not wait_for(lambda: bool(output.since(start, "Serving on")), timeout, process):
            result["error"] = ("server exited before serving" if process.poll() is not None
                               else f"no 'Serving on' within {timeout:.0f}s")
            result["log_tail"] = tail(str(log_path))
            return result
        result["first_build_seconds"] = round(output.since(start, "Serving on")[0][0] - start, 3)
        if hasattr(os, "sync"):
            os.sync()  # the first build's site on the disk before the saves are timed (as builds are)
        before = search_pages(base)
        result["search_pages_before"] = len(before) if before is not None else None
        for edit in pick_edits(plan, saves):
            result["edits"].append(_save_and_wait(edit, vault_dir, base, output, process, work, timeout,
                                                  plain))
        reloads = [edit.get("reload_seconds") for edit in result["edits"]]
        result["reload_seconds"] = None if None in reloads else round(statistics.median(reloads), 3)
        rebuilds = [edit["rebuild_seconds"] for edit in result["edits"] if "rebuild_seconds" in edit]
        result["rebuild_seconds"] = round(statistics.median(rebuilds), 3) if rebuilds else None
        result["builds_after_edit"] = max((edit.get("builds_after_edit", 0) for edit in result["edits"]),
                                          default=0)
        after = search_pages(base)
        if before is not None and after is not None:
            missing = sorted(before - after)
            result["search_pages_after"] = len(after)
            result["search_missing"] = missing[:20]
            result["search_ok"] = not missing
        else:
            result["search_ok"] = None
        errors = output.since(start, "ERROR")
        if errors:
            result["server_errors"] = [line for _, line in errors[:10]]
        return result
    finally:
        stop(process)


def _save_and_wait(edit: ServeEdit, vault_dir: Path, base: str, output: ServerOutput,
                   process: subprocess.Popen[str], work: Path, timeout: float,
                   plain: bool = False) -> dict[str, Any]:
    """One save: a marker appended to the note and another to its task, in one atomic rename;
    then the seconds until the note, the participant's profile and the follow-up page show them
    (`plain`: the note's page, the only one a plain site has)."""
    note_path = vault_dir / ("site_src/notes" if plain else "notes") / edit.note.filename
    token = uuid.uuid4().hex[:10]
    note_marker, task_marker = f"kbnote{token}", f"kbtask{token}"
    urls = {
        "note": f"{base}notes/{urllib.parse.quote(edit.note.stem)}/",
        "profile": f"{base}contacts/{urllib.parse.quote(edit.participant)}/",
        "follow_ups": f"{base}follow-ups/",
    }
    markers = {"note": note_marker, "profile": task_marker, "follow_ups": task_marker}
    if plain:
        urls = {"note": urls["note"]}
    result: dict[str, Any] = {"note": note_path.name, "participant": edit.participant,
                              "task": edit.task.line, "urls": urls,
                              "status_before": {name: fetch(url)[0] for name, url in urls.items()}}
    text = note_path.read_text(encoding="utf-8")
    if edit.task.line not in text:
        raise RuntimeError(f"task line not found in {note_path}")
    text = text.replace(edit.task.line, f"{edit.task.line} {task_marker}", 1)
    text = text.rstrip("\n") + f"\n\nAdded during the benchmark: {note_marker}\n"
    scratch = work / ".serve-edit.tmp"  # outside the watched folders; then one atomic rename
    scratch.write_text(text, encoding="utf-8")
    edited = time.monotonic()
    os.replace(scratch, note_path)

    seen: dict[str, float] = {}

    def all_seen() -> bool:
        for name, url in urls.items():
            if name not in seen and markers[name] in fetch(url)[1]:
                seen[name] = round(time.monotonic() - edited, 3)
        return len(seen) == len(urls)

    wait_for(all_seen, timeout, process, interval=0.25)
    result["seconds_until"] = {name: seen.get(name) for name in urls}
    result["reload_seconds"] = max(seen.values()) if len(seen) == len(urls) else None
    # The search index is written at the end of the build: wait for the build to finish.
    finished = wait_for(lambda: bool(output.since(edited, "Reloading browsers")), timeout, process)
    built = output.since(edited, "Documentation built in")
    if built:
        result["rebuild_seconds"] = round(built[0][0] - edited, 3)
    if finished:
        time.sleep(2.0)  # a plugin that writes into docs_dir would trigger another build here
        result["builds_after_edit"] = len(output.since(edited, "Documentation built in"))
    return result


# --------------------------------------------------------------------------------------------
# Report


def fmt(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


@dataclass
class SizeResult:
    size: str
    contacts: int
    notes: int
    kith: dict[str, Any] = field(default_factory=dict)
    plain: dict[str, Any] = field(default_factory=dict)
    ratio: float | None = None
    serve: dict[str, Any] | None = None
    plain_serve: dict[str, Any] | None = None


def table(results: list[SizeResult]) -> str:
    head = ["size", "contacts", "notes", "pages", "kith build s", "plain build s", "ratio",
            "CPU ratio", "kith-code s", "peak MB", "serve reload s", "plain serve reload s"]
    rows = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    for r in results:
        serve, plain_serve = _serve_cell(r.serve), _serve_cell(r.plain_serve)
        rows.append("| " + " | ".join([
            r.size, str(r.contacts), str(r.notes),
            str(r.kith.get("pages") or "n/a"),
            fmt(r.kith.get("seconds")), fmt(r.plain.get("seconds")),
            fmt(r.ratio), fmt(_cpu_ratio(r)), fmt(r.kith.get("kith_seconds")), fmt(r.kith.get("peak_mb"), 0),
            serve, plain_serve,
        ]) + " |")
    return "\n".join(rows)


def _serve_cell(serve: dict[str, Any] | None) -> str:
    if serve is None:
        return "not run"
    if "error" in serve:
        return "failed"
    cell = fmt(serve.get("reload_seconds"))
    if serve.get("search_ok") is False:
        cell += " (search index lost pages)"
    return cell


def _cpu_ratio(result: SizeResult) -> float | None:
    kith, plain = result.kith.get("cpu_seconds"), result.plain.get("cpu_seconds")
    return kith / plain if kith and plain else None


def parse_sizes(text: str) -> list[tuple[str, int]]:
    sizes: list[tuple[str, int]] = []
    for part in text.split(","):
        part = part.strip()
        if part.upper() in SIZES:
            sizes.append((part.upper(), SIZES[part.upper()]))
        elif part.isdigit() and int(part) > 0:
            sizes.append((part, int(part)))
        else:
            raise argparse.ArgumentTypeError(f"unknown size '{part}': use S, M, L or a number of contacts")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("S,M,L"),
                        help="comma-separated: S (250 contacts), M (1000), L (2500), XL (10000) or a number")
    parser.add_argument("--repeat", type=int, default=1, help="builds per vault; the median is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=generate.parse_date, default=generate.DEFAULT_TODAY,
                        help="the vault's today; also exported as KITH_TODAY")
    parser.add_argument("--serve", action="store_true", help="also measure the serve/edit/reload loop")
    parser.add_argument("--serve-cmd", default=DEFAULT_SERVE_CMD,
                        help="server command; {kith}, {mkdocs}, {port} and {config} are filled in; it runs "
                             "in the vault directory (default: %(default)s)")
    parser.add_argument("--serve-saves", type=int, default=3,
                        help="saves of different notes under --serve; the medians are reported")
    parser.add_argument("--serve-timeout", type=float, default=900.0,
                        help="seconds to wait for the first build, and again for the reload")
    parser.add_argument("--build-timeout", type=float, default=3600.0)
    parser.add_argument("--mkdocs", help="mkdocs command (default: the one beside this Python)")
    parser.add_argument("--only", choices=("kith", "plain"), help="build only one of the two vaults")
    parser.add_argument("--workdir", type=Path, help="where to generate vaults (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated vaults and logs")
    parser.add_argument("--json", type=Path, help="also write all results, every run included, here")
    parser.add_argument("--plugins", type=lambda text: [p.strip() for p in text.split(",") if p.strip()],
                        default=[], help="more plugins for both builds, after search, e.g. tags,glightbox")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.serve_saves < 1:
        parser.error("--serve-saves must be at least 1")

    mkdocs = mkdocs_command(args.mkdocs)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KITH_TODAY": args.today.isoformat()}
    root = args.workdir or Path(tempfile.mkdtemp(prefix="kith-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    results: list[SizeResult] = []
    try:
        for label, count in args.sizes:
            work = root / f"{label}-{count}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            log(f"{label}: generating {count} contacts, {count * generate.NOTES_PER_CONTACT} notes in {work}")
            plan = generate.plan_vault(count, args.seed, args.today)
            vaults = {"kith": work / "kith", "plain": work / "plain"}
            generate.write_vault(plan, vaults["kith"], plain=False)
            generate.write_vault(plan, vaults["plain"], plain=True)
            for vault in vaults.values():
                with_plugins(vault / "mkdocs.yml", args.plugins)
            result = SizeResult(label, len(plan.contacts), len(plan.notes))
            runs: dict[str, list[Build]] = {"kith": [], "plain": []}
            kinds = [args.only] if args.only else ["kith", "plain"]
            for attempt in range(args.repeat):
                for kind in kinds:  # interleaved, so drift in machine load hits both alike
                    build = run_build(mkdocs, vaults[kind], env, work / f"{kind}-build-{attempt + 1}.log",
                                      work / f"{kind}-profile.json", args.build_timeout)
                    runs[kind].append(build)
                    state = "ok" if build.returncode == 0 else f"FAILED (exit {build.returncode})"
                    log(f"{label}: {kind} build {attempt + 1}/{args.repeat}: {build.seconds:.2f}s, "
                        f"{build.peak_mb:.0f} MB, {build.pages} pages, {build.warnings} warnings, {state}")
                    if build.returncode != 0:
                        log(f"{kind} build log ({build.log}), last lines:\n{tail(build.log)}")
            result.kith, result.plain = summarize(runs["kith"]), summarize(runs["plain"])
            if result.kith.get("seconds") and result.plain.get("seconds"):
                result.ratio = result.kith["seconds"] / result.plain["seconds"]
            if args.serve:
                try:
                    result.serve = measure_serve(args.serve_cmd, mkdocs, vaults["kith"], plan, env, work,
                                                 args.serve_timeout, args.serve_saves)
                except Exception as error:  # one failed size must not lose the others' results
                    result.serve = {"error": f"{type(error).__name__}: {error}"}
                log(f"{label}: serve: {json.dumps(result.serve, default=str)}")
                if args.only != "kith":
                    try:
                        result.plain_serve = measure_serve(
                            PLAIN_SERVE_CMD, mkdocs, vaults["plain"], plan, env, work, args.serve_timeout,
                            args.serve_saves, plain=True)
                    except Exception as error:
                        result.plain_serve = {"error": f"{type(error).__name__}: {error}"}
                    log(f"{label}: plain serve: {json.dumps(result.plain_serve, default=str)}")
            results.append(result)
    finally:
        if args.keep or args.workdir:
            log(f"vaults and logs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)

    print(table(results))
    if args.json:
        report = {
            "meta": {
                "when": dt.datetime.now().isoformat(timespec="seconds"),
                "seed": args.seed, "today": args.today.isoformat(), "repeat": args.repeat,
                "mkdocs": mkdocs, "python": platform.python_version(), "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "file_caches_dropped": os.access(DROP_CACHES, os.W_OK),  # before each build
            },
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
        log(f"results written to {args.json}")
    failed = any(not r.kith.get("ok", True) or not r.plain.get("ok", True) for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
