"""`flask content check` keeps internal working references off every reader's screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from portal import content_audit
from tests.brochure.conftest import CONTENT, edit

BAD_SOURCES = [
    ("Seed 002_f82f080668fb521c, vooronderzoek", "the word 'seed'"),
    ("seeds/001_c933c4cd4876e3d4.txt L479", "the word 'seed'"),
    ("STECR 001_c933c4cd4876e3d4, §2", "a source file name"),
    ("CONTENT.md §2", "the content brief"),
    ("research/peers.md §4", "a research notes path"),
    ("zie content/brochure/obstacles.yaml", "a repository path"),
    ("notities.txt", "a file name"),
    ("TNO-rapport, L2561–2563", "a line number"),
    ("Buiten de seeds: NICE NG206", "the word 'seed'"),
    ("Outside the seeds: NICE NG206", "the word 'seed'"),
]


@pytest.mark.parametrize(("text", "what"), BAD_SOURCES)
def test_each_kind_of_internal_reference_is_found(text: str, what: str) -> None:
    assert any(found.startswith(what) for found in content_audit.internal_references(text))


@pytest.mark.parametrize(
    "text",
    [
        "Van Eden, D., Jansen, Y., Zephat, J. en De Ras, O. (2015). Zelfmanagement van de "
        "zieke werknemer bij re-integratie. Tijdschrift voor Bedrijfs- en Verzekeringsgeneeskunde.",
        "Burgerlijk Wetboek art. 7:629 lid 3; Wet WIA art. 64; AVG art. 15–17",
        "Kijk op uwv.nl of bel 0800-8051 (Juridisch Loket).",
        "Gezondheidsraad (2018). ME/CVS. Advies nr. 2018/07.",
        "National Institute for Health and Care Excellence (2021), guideline NG206.",
    ],
)
def test_real_citations_pass(text: str) -> None:
    assert content_audit.internal_references(text) == []


def test_real_content_is_clean() -> None:
    assert content_audit.check(CONTENT) == []


FILES = [
    ("brochure/01-ziek-en-toch-aan-zet.nl.md", "sources:\n", 'sources:\n  - "Seed 000 §4.5"\n'),
    ("brochure/02-stap-voor-stap.en.md", "\n---\n", "\n---\nSee research/seed-001.md.\n"),
    ("brochure/obstacles.yaml", "rows:", "# CONTENT.md §1\nrows:"),
    (
        "modules/herstel-en-werk/01-twee-sporen.nl.md",
        "sources:\n",
        'sources:\n  - "Buiten de seeds: NICE"\n',
    ),
    ("modules/herstel-en-werk/module.en.md", "sources:\n", 'sources:\n  - "TNO L479"\n'),
    ("selfchecks.yaml", "sources:\n", 'sources:\n  - "003_d03257986e915663"\n'),
    ("timeline.yaml", "milestones:", "# seeds/000.txt\nmilestones:"),
]


@pytest.mark.parametrize(("name", "old", "new"), FILES)
def test_a_bad_fixture_is_rejected_in_every_kind_of_file(
    content_copy: Path, name: str, old: str, new: str
) -> None:
    line = edit(content_copy / name, old, new)
    problems = content_audit.check(content_copy)
    assert problems, f"{name}: the internal reference was not found"
    assert all(p.startswith(f"{name}:") for p in problems), problems
    assert any(int(p.split(":")[1]) in range(line, line + 3) for p in problems), problems


def test_an_english_source_in_the_timeline_is_required(app: Flask, content_copy: Path) -> None:
    path = content_copy / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    source:\n      nl:")
    end = text.index("\n", text.index("      en:", start))
    path.write_text(text[:start] + '    source: "Alleen Nederlands"' + text[end:], "utf-8")
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content_copy)])
    assert result.exit_code == 1
    problems = [line for line in result.output.splitlines() if line.startswith("timeline.yaml:")]
    assert problems and "'source'" in problems[0], result.output


def test_the_command_fails_on_a_bad_fixture(app: Flask, content_copy: Path) -> None:
    edit(
        content_copy / "brochure/04-rechten-en-plichten.nl.md",
        "sources:\n",
        'sources:\n  - "seed 004"\n',
    )
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content_copy)])
    assert result.exit_code == 1
    assert "brochure/04-rechten-en-plichten.nl.md" in result.output
    assert "the word 'seed'" in result.output


def test_the_command_passes_on_the_real_content(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK:")


ENGLISH_NOTE = "Regeling procesgang (the analysis must be ready before the plan, and not after)"
DUTCH_NOTE = "Regeling procesgang (de analyse moet klaar zijn voor het plan, en niet erna)"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("brochure/02-stap-voor-stap.nl.md", "sources:\n", f'sources:\n  - "{ENGLISH_NOTE}"\n'),
        ("brochure/02-stap-voor-stap.en.md", "sources:\n", f'sources:\n  - "{DUTCH_NOTE}"\n'),
        (
            "modules/herstel-en-werk/01-twee-sporen.nl.md",
            "sources:\n",
            f'sources:\n  - "{ENGLISH_NOTE}"\n',
        ),
        (
            "timeline.yaml",
            '      nl: "Arbeidsomstandighedenwet art. 14 (second opinion bij een andere '
            'bedrijfsarts, sinds 1 juli 2017)."',
            f'      nl: "{ENGLISH_NOTE}"',
        ),
    ],
)
def test_a_source_in_the_other_language_is_rejected(
    content_copy: Path, name: str, old: str, new: str
) -> None:
    edit(content_copy / name, old, new)
    problems = content_audit.check(content_copy)
    assert problems and all(f"{name}:" in p for p in problems), problems
    assert "source is not written in" in problems[0]


def test_a_citation_keeps_its_own_title_language() -> None:
    nice = "NICE (2021). Chronic fatigue syndrome: diagnosis and management of the illness."
    assert not content_audit.other_language(nice, "nl")
    assert content_audit.other_language(ENGLISH_NOTE, "nl")
    assert content_audit.other_language(DUTCH_NOTE, "en")
    assert not content_audit.other_language(DUTCH_NOTE, "nl")
