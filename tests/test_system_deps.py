"""Every external program the code, the tests and the scripts call comes from bin/system-deps.

A new machine has only what bin/system-deps installs (README, "Before the first command").
This scans the sources for programs started by subprocess, looked up with shutil.which or
named as a PostgreSQL tool, and fails when one is not declared there, or when the package
declared for it is not in the lists the script installs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bin" / "system-deps"

#: Programs that come with Python itself or with the project's own virtualenv.
#: Also the shell, which every Debian system has (essential packages).
PYTHON_SIDE = {"python", "python3", "flask", "gunicorn", "pybabel", "git", "bash", "sh"}

CALL = re.compile(
    r"""(?:subprocess\.(?:run|Popen|check_output|check_call)|Popen)\(\s*\[\s*["']([\w./-]+)["']"""
)
WHICH = re.compile(r"""(?:shutil\.which|_pg_tool)\(\s*["']([\w./-]+)["']""")
CONSTANT = re.compile(r"""^[A-Z_]+\s*=\s*["']/usr/bin/([\w.-]+)["']""", re.M)
SHELL_TOOL = re.compile(r"""\$(?:bin|PG_BIN|\{PG_BIN\})/(\w+)|^\s*(\w[\w-]*)\s""", re.M)


def programs_called(text: str, is_shell: bool = False) -> set[str]:
    """Return the external program names that a Python (or shell) source calls."""
    found = set(CALL.findall(text)) | set(WHICH.findall(text)) | set(CONSTANT.findall(text))
    if is_shell:
        found |= set(re.findall(r"\$(?:bin|PG_BIN)/(\w+)", text))
        found |= set(re.findall(r"\b(runuser)\b", text))
    return {Path(name).name for name in found} - PYTHON_SIDE


def declared() -> tuple[dict[str, str], set[str]]:
    """Return {program: package} from the script's comments and the packages it installs."""
    text = SCRIPT.read_text()
    programs = dict(re.findall(r"^# program: ([\w.-]+)=([\w.+-]+)$", text, re.M))
    listed = subprocess.run(
        ["bash", str(SCRIPT), "--list"], capture_output=True, text=True, check=True
    ).stdout
    packages = {word for line in listed.splitlines() for word in line.split()[1:]}
    return programs, packages


def sources() -> list[tuple[Path, bool]]:
    found = [
        (path, False) for folder in ("portal", "tests") for path in (ROOT / folder).rglob("*.py")
    ]
    found += [(path, True) for path in (ROOT / "bin").iterdir() if path.is_file()]
    found += [(ROOT / "Makefile", True), (ROOT / ".ci" / "run", True)]
    return [(path, shell) for path, shell in found if path.exists()]


def test_the_scanner_finds_programs_in_each_form() -> None:
    sample = """
subprocess.run(["pdftotext", "-layout"], check=True)
shutil.which("wrk")
_pg_tool("pg_dump")
CHROMIUM = "/usr/bin/chromium"
subprocess.run([sys.executable, "-m", "x"])
"""
    assert programs_called(sample) == {"pdftotext", "wrk", "pg_dump", "chromium"}
    assert programs_called('"$bin/initdb" -D x\n runuser -u postgres', is_shell=True) == {
        "initdb",
        "runuser",
    }


def test_every_program_called_is_installed_by_system_deps() -> None:
    programs, packages = declared()
    missing: dict[str, list[str]] = {}
    for path, shell in sources():
        if path.name in {"system-deps", "bench-deps", Path(__file__).name}:
            continue
        for program in programs_called(path.read_text(errors="replace"), shell):
            if program not in programs:
                missing.setdefault(program, []).append(str(path.relative_to(ROOT)))
    assert not missing, f"programs called but not declared in bin/system-deps: {missing}"
    for program, package in programs.items():
        assert package in packages, f"{program}: package {package} is not installed by the script"


def test_weasyprint_libraries_and_browser_driver_are_listed() -> None:
    """The packages a bare Debian 12 lacked in issue 15 stay in the lists."""
    _programs, packages = declared()
    for package in (
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fonts-dejavu-core",
        "libatomic1",
        "poppler-utils",
        "chromium",
        "postgresql",
    ):
        assert package in packages


def test_make_run_installs_the_app_packages_only() -> None:
    listed = subprocess.run(
        ["bash", str(SCRIPT), "--list"], capture_output=True, text=True, check=True
    ).stdout
    run_line = next(line for line in listed.splitlines() if line.startswith("run:"))
    assert "libpango-1.0-0" in run_line
    assert "chromium" not in run_line
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run: .*system-deps-run", makefile, re.M)
    assert re.search(r"^test: .*system-deps", makefile, re.M)


def test_the_app_starts_without_weasyprint(tmp_path: Path) -> None:
    """A missing PDF library gives a clear 503 on the PDF route, not a dead app."""
    code = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError("blocked: cannot load library 'libgobject-2.0-0'")
sys.meta_path.insert(0, Block())
from portal import create_app
app = create_app({{"ENV": "testing", "DATABASE_URL": "sqlite:///{tmp_path}/t.sqlite3",
                  "RATELIMIT_ENABLED": False}})
client = app.test_client()
print(client.get("/healthz").status_code)
response = client.get("/werkwijzer/werkwijzer.pdf")
print(response.status_code)
print("PDF" in response.get_data(as_text=True))
"""
    done = subprocess.run(
        [str(Path(__import__("sys").executable)), "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.split()
    assert lines[-2:] == ["503", "True"], done.stdout
