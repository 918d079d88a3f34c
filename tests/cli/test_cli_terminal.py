"""Nothing kith prints acts on the terminal: control characters in names, titles, tasks, problems
and typed arguments are shown as escapes (`\\x1b`), and imported values lose them, with a warning.

The escapes used: `ESC[2J` clears the screen, OSC 52 (`ESC]52;c;<base64>BEL`) writes the
clipboard, U+202E turns text around. Click strips `ESC[...m`-like sequences when it does not
print to a terminal, but not OSC 52 or BEL, so these tests see what a terminal would get.
"""

from __future__ import annotations

import ast
import json
import os
import pty
import subprocess
from pathlib import Path

from kith.core.loader import load_vault
from kith_cli import KITH_SCRIPT, TODAY, invoke, run_script

CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # OSC 52: "echo pwned" into the clipboard
REVERSED = "\u202e"

HOSTILE_VCARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    f"FN:Eve {CLEAR}Mallory{CLIPBOARD}\r\n"
    f"N:Mallory{CLIPBOARD};Eve{CLEAR};;;\r\n"
    f"ORG:Evil {CLIPBOARD.replace(';', chr(92) + ';')}Corp\r\n"  # `\;`: ORG's own separator
    f"TITLE:Boss{REVERSED}\r\n"
    f"NOTE:Met at the fair.\\nShe said {CLEAR}hello{CLIPBOARD}.\r\n"
    "EMAIL:eve@example.org\r\n"
    "END:VCARD\r\n"
)


def assert_terminal_safe(*outputs: str) -> None:
    for output in outputs:
        assert "\x1b" not in output and "\x07" not in output and REVERSED not in output, repr(output)


def test_an_imported_vcards_escapes_are_removed_with_a_warning(vault, kith, tmp_path: Path) -> None:
    card = tmp_path / "hostile.vcf"
    card.write_bytes(HOSTILE_VCARD.encode("utf-8"))
    result = kith("import", "vcard", str(card))
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, result.stderr)
    warnings = [line for line in result.stderr.splitlines() if "control characters" in line]
    assert warnings == [f"{card}:1: warning: control characters removed from name, company, role, note "
                        "(they could act on a terminal)"]
    assert "created contacts/eve-mallory.md (Eve Mallory)" in result.stdout

    written = (vault.root / "contacts" / "eve-mallory.md").read_bytes()
    assert b"\x1b" not in written and b"\x07" not in written and REVERSED.encode() not in written
    eve = load_vault(vault.root).contacts["eve-mallory"]
    assert (eve.name, eve.company, eve.role) == ("Eve Mallory", "Evil Corp", "Boss")
    assert eve.body.strip() == "Met at the fair.\nShe said hello."

    for args in (["show", "Eve Mallory"], ["due"], ["due", "--json"], ["check"], ["export", "vcard"]):
        shown = kith(*args)
        assert shown.exit_code == 0, (args, shown.stderr)
        assert_terminal_safe(shown.stdout, shown.stderr)
    assert "Eve Mallory" in kith("show", "eve").stderr + kith("show", "Eve Mallory").stdout


def test_a_linkedin_row_loses_its_escapes_too(vault, kith, tmp_path: Path) -> None:
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   f"Eve{CLEAR},Mallory{CLIPBOARD},,eve@example.org,Evil{CLIPBOARD} Corp,Boss,"
                   "20 Nov 2026\n", "utf-8")
    result = kith("import", "linkedin", str(csv))
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, result.stderr)
    assert f"{csv}:2: warning: control characters removed from name, company" in result.stderr
    written = (vault.root / "contacts" / "eve-mallory.md").read_bytes()
    assert b"\x1b" not in written and b"\x07" not in written


def write_hostile_vault(vault) -> None:
    """Control characters a hand-written vault can hold: YAML's `\\e` and `\\a` escapes in front
    matter, raw ones in a Markdown body (a heading that becomes a title, a task)."""
    vault.write("contacts/eve-mallory.md",
                '---\nname: "Eve \\e[2JMallory\\e]52;c;ZWNobyBwd25lZA==\\a"\ncircle: close\n'
                'company: "Evil \\u202eCorp"\nbirthday: 11-30\nmet: 2024-01-01\n---\n')
    vault.write("notes/2026-11-01-plot.md",
                f"---\ndate: 2026-11-01\nwith: ['[[eve-mallory]]']\n---\n# Plot {CLIPBOARD}night\n\n"
                f"- [ ] Send the {CLEAR}deck 📅 2026-11-10\n"
                f"Ask [[eve-mallor{REVERSED}\x07y]] too.\n")  # misspelt; no `]` of OSC 52: it ends a link


def test_names_titles_tasks_and_problems_from_the_vault_are_shown_as_escapes(vault, kith) -> None:
    write_hostile_vault(vault)
    outputs = {" ".join(args): kith(*args) for args in (
        ["show", "eve-mallory"], ["due"], ["due", "--json"], ["check"], ["export", "vcard"],
        ["log", "--no-edit", "eve-mallory"], ["add", "Someone", "--alias", "eve-mallory"])}
    for result in outputs.values():
        assert_terminal_safe(result.stdout, result.stderr)
    show = outputs["show eve-mallory"].stdout
    assert show.startswith("Eve \\x1b[2JMallory\\x1b]52;c;ZWNobyBwd25lZA==\\x07")  # visible, not dropped
    assert "Evil \\u202eCorp" in show
    assert "Plot \\x1b]52;c;ZWNobyBwd25lZA==\\x07night" in show
    due = outputs["due"].stdout
    assert "Send the \\x1b[2Jdeck" in due and "Eve \\x1b[2JMallory" in due
    check = outputs["check"]
    assert check.exit_code == 0 and "[[eve-mallor\\u202e\\x07y]] links to nobody" in check.stdout
    # JSON keeps the values exactly (a JSON reader gets the characters back), escaped as JSON does.
    data = json.loads(outputs["due --json"].stdout)
    assert data["birthdays"][0]["name"] == f"Eve {CLEAR}Mallory\x1b]52;c;ZWNobyBwd25lZA==\x07"
    # A vCard export leaves them out, with a warning naming the file.
    export = outputs["export vcard"]
    assert "contacts/eve-mallory.md: warning: control characters left out of name, company" in export.stderr
    assert "FN:Eve Mallory\n" in export.stdout
    assert "the alias 'eve-mallory' is already the slug of Eve \\x1b[2JMallory" in outputs[
        "add Someone --alias eve-mallory"].stderr


def test_what_a_user_types_is_shown_as_escapes_in_every_error(vault, kith) -> None:
    write_hostile_vault(vault)
    for args in (["show", f"Nobody{CLIPBOARD}"], ["log", "--no-edit", f"Zed{CLIPBOARD}"],
                 ["show", "--notes", f"5{CLIPBOARD}", "eve-mallory"], [f"--bogus{CLIPBOARD}"],
                 ["add", "Ann", "--email", f"ann{CLIPBOARD}"], ["due", "--days", CLIPBOARD]):
        result = kith(*args)
        assert result.exit_code != 0, args
        assert_terminal_safe(result.stdout, result.stderr)
        assert "\\x1b]52;c;" in result.stderr, (args, result.stderr)


def test_the_installed_script_prints_no_raw_escape_either(vault, tmp_path: Path) -> None:
    write_hostile_vault(vault)
    card = tmp_path / "hostile.vcf"
    card.write_bytes(HOSTILE_VCARD.encode("utf-8"))
    for args in (["import", "vcard", str(card)], ["show", "eve-mallory"], ["due"], ["check"]):
        result = run_script(*args, cwd=vault.root)
        assert result.exit_code == 0, (args, result.stderr)
        assert_terminal_safe(result.stdout, result.stderr)


def test_an_export_on_standard_output_keeps_vcards_crlf_and_no_escape(vault) -> None:
    write_hostile_vault(vault)
    result = subprocess.run([str(KITH_SCRIPT), "export", "vcard"], cwd=vault.root, capture_output=True,
                            env={**os.environ, "KITH_TODAY": TODAY}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"\r\nFN:Eve Mallory\r\nORG:Evil Corp\r\n" in result.stdout
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout and b"\r\r" not in result.stdout


def test_every_command_prints_through_the_one_terminal_safe_echo() -> None:
    """`kith.cli.terminal` is the one place that writes to the terminal; a `click.echo` or `print`
    anywhere else in the command would print users' text raw."""
    import kith.cli

    package = Path(kith.cli.__file__).parent
    direct: list[str] = []
    for source in sorted(package.glob("*.py")):
        if source.name == "terminal.py":
            continue
        for node in ast.walk(ast.parse(source.read_text("utf-8"))):
            if isinstance(node, ast.Call) and _prints_directly(node.func):
                direct.append(f"{source.name}:{node.lineno}")
    assert direct == []


def _prints_directly(function: ast.expr) -> bool:
    """`click.echo(...)`, `click.secho(...)`, `print(...)`, `sys.stdout.write(...)`."""
    if isinstance(function, ast.Name):
        return function.id == "print"
    if not isinstance(function, ast.Attribute):
        return False
    owner = ast.unparse(function.value)
    return (owner == "click" and function.attr in {"echo", "secho"}) or (
        owner in {"sys.stdout", "sys.stderr", "sys.stdout.buffer"} and function.attr == "write")


def test_on_a_real_terminal_kiths_own_styling_stays_and_users_escapes_do_not(vault) -> None:
    write_hostile_vault(vault)
    controller, terminal = pty.openpty()
    try:
        # A few hundred bytes: they fit the terminal's buffer, read once the command has ended.
        result = subprocess.run([str(KITH_SCRIPT), "show", "eve-mallory"], cwd=vault.root, stdout=terminal,
                                stderr=subprocess.DEVNULL, env={**os.environ, "KITH_TODAY": TODAY},
                                timeout=120, stdin=subprocess.DEVNULL)
        os.close(terminal)
        terminal = -1
        output = b""
        while chunk := _read_or_nothing(controller):
            output += chunk
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    assert result.returncode == 0
    text = output.decode("utf-8")
    assert text.startswith("\x1b[1mEve \\x1b[2JMallory\\x1b]52;c;ZWNobyBwd25lZA==\\x07\x1b[0m")  # bold kept
    assert "\x1b[2J" not in text and "\x1b]" not in text and "\x07" not in text


def _read_or_nothing(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 65536)
    except OSError:  # EIO: the other end is closed and everything has been read
        return b""


def test_the_installed_script_writes_all_its_output_before_it_ends(tmp_path: Path) -> None:
    """The script ends without Python's shutdown (`cli/main.py` `main`): what it printed, far more
    than a pipe holds, reaches a pipe and a file whole, exactly as the command prints it in
    process, with the same exit status; a vault's problems still go to stderr."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import generate

    generate.write_vault(generate.plan_vault(400, seed=11, today=generate.parse_date(TODAY)), tmp_path)
    for args in (["due"], ["due", "--json"], ["check"], ["export", "vcard"]):
        expected = invoke(*args, cwd=tmp_path)
        piped = run_script(*args, cwd=tmp_path)
        assert len(piped.stdout) > 65536 or args[0] == "check", args
        assert (piped.exit_code, piped.stdout, piped.stderr) == (expected.exit_code, expected.stdout,
                                                                 expected.stderr), args
        with open(tmp_path / "out.txt", "w") as file:
            status = subprocess.run([str(KITH_SCRIPT), *args], cwd=tmp_path, stdout=file,
                                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=120,
                                    env={**os.environ, "KITH_TODAY": TODAY}).returncode
        assert status == expected.exit_code
        assert (tmp_path / "out.txt").read_text("utf-8") == expected.stdout, args
