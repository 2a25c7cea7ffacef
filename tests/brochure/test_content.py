"""Content loading and validation: the real files pass, each kind of broken file is caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask

from portal.brochure import content, search
from portal.brochure.content import CONDITIONS, ContentError
from portal.markdown import render_markdown
from tests.brochure.conftest import CONTENT, edit

CHAPTER = "brochure/01-ziek-en-toch-aan-zet.nl.md"


def problems_in(folder: Path) -> list[str]:
    problems = content.check(folder)
    assert problems, "the broken file was not detected"
    return problems


def assert_problem(problems: list[str], where: str, message: str) -> None:
    assert any(p.startswith(where + ": ") and message in p for p in problems), problems


def test_real_content_passes() -> None:
    assert content.check(CONTENT) == []


def test_chapters_load_in_both_languages_in_reading_order() -> None:
    library = content.load(CONTENT)
    nl, en = library.chapters["nl"], library.chapters["en"]
    assert len(nl) == len(en) >= 9
    assert [c.slug for c in nl] == [c.slug for c in en]
    assert [c.order for c in nl] == sorted(c.order for c in nl)
    first = nl[0]
    assert first.title == "Ziek en toch aan zet"
    assert first.summary and first.sources and first.reading_minutes > 0
    body = str(first.html)
    assert '<a href="/werkwijzer/stap-voor-stap">' in body
    assert "<h2>" in body and "##" not in body
    assert "Eigen regie wil zeggen" in first.text and "<" not in first.text


def test_obstacles_load_per_language() -> None:
    library = content.load(CONTENT)
    assert len(library.obstacles["nl"]) == len(library.obstacles["en"]) > 10
    row = library.obstacles["nl"][0]
    assert row.obstacle and row.to_try and row.ask and row.source
    assert set(row.conditions) <= set(CONDITIONS)


def test_markdown_is_sanitised() -> None:
    rendered = str(
        render_markdown(
            "## Kop\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
            "[y](/werkwijzer/a)\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
        )
    )
    assert "<script" not in rendered and 'href="javascript' not in rendered
    assert "&lt;script&gt;" in rendered
    assert '<a href="/werkwijzer/a">y</a>' in rendered
    assert '<th scope="col">a</th>' in rendered and "style=" not in rendered


def test_search_ignores_case_and_accents() -> None:
    library = content.load(CONTENT)
    app = Flask(__name__)
    app.extensions["content"] = library
    with app.app_context():
        found = search.search("nl", "PATIENTENORGANISATIE")
        assert "wie-doet-wat" in [c.slug for c, _snippet in found]
        snippet = dict((c.slug, s) for c, s in found)["wie-doet-wat"]
        assert "patiëntenorganisatie" in snippet.lower()
        assert search.search("nl", "woord-dat-nergens-staat") == []
        assert search.search("nl", "   ") == []
        by_title = search.search("en", "obstacles")
        assert by_title[0][0].slug == "belemmeringen-en-oplossingen"


# --- each kind of broken file --------------------------------------------------------------


def test_unknown_front_matter_key(content_copy: Path) -> None:
    line = edit(content_copy / CHAPTER, "order: 1\n", "order: 1\ncolour: blue\n") + 1
    assert_problem(
        problems_in(content_copy), f"{CHAPTER}:{line}", "unknown front matter key 'colour'"
    )


def test_missing_front_matter_key(content_copy: Path) -> None:
    edit(content_copy / CHAPTER, "reading_minutes: 3\n", "")
    assert_problem(problems_in(content_copy), f"{CHAPTER}:1", "'reading_minutes' is missing")


def test_missing_sources(content_copy: Path) -> None:
    path = content_copy / CHAPTER
    text = path.read_text(encoding="utf-8")
    start, end = text.index("sources:\n"), text.index("last_checked:")
    path.write_text(text[:start] + "sources: []\n" + text[end:], encoding="utf-8")
    line = text.count("\n", 0, start) + 1
    assert_problem(problems_in(content_copy), f"{CHAPTER}:{line}", "'sources' is missing")


def test_missing_translation(content_copy: Path) -> None:
    (content_copy / "brochure" / "03-wie-doet-wat.en.md").unlink()
    assert_problem(
        problems_in(content_copy),
        "brochure/03-wie-doet-wat.nl.md:2",
        "translation missing: no en file for 'wie-doet-wat'",
    )


def test_link_to_unknown_chapter(content_copy: Path) -> None:
    line = edit(
        content_copy / CHAPTER, "(/werkwijzer/stap-voor-stap)", "(/werkwijzer/stap-voor-stapp)"
    )
    assert_problem(
        problems_in(content_copy),
        f"{CHAPTER}:{line}",
        "unknown chapter '/werkwijzer/stap-voor-stapp'",
    )


def test_duplicate_order(content_copy: Path) -> None:
    edit(content_copy / "brochure" / "02-stap-voor-stap.nl.md", "order: 2\n", "order: 1\n")
    assert_problem(
        problems_in(content_copy), "brochure/02-stap-voor-stap.nl.md:4", "order 1 also in"
    )


def test_duplicate_slug(content_copy: Path) -> None:
    folder = content_copy / "brochure"
    copy = folder / "10-ziek-en-toch-aan-zet.nl.md"
    copy.write_text((folder / "01-ziek-en-toch-aan-zet.nl.md").read_text(encoding="utf-8"))
    edit(copy, "order: 1\n", "order: 10\n")
    problems = problems_in(content_copy)
    assert any("slug 'ziek-en-toch-aan-zet' also in" in p for p in problems), problems


def test_malformed_front_matter_yaml_reports_file_and_line(content_copy: Path) -> None:
    line = edit(content_copy / CHAPTER, "title: Ziek en toch aan zet\n", "title: [Ziek en toch\n")
    problems = problems_in(content_copy)
    assert any(p.startswith(f"{CHAPTER}:") and "invalid YAML" in p for p in problems), problems
    reported = int(next(p for p in problems if "invalid YAML" in p).split(":")[1])
    assert line <= reported <= line + 1


def test_unquoted_colon_in_summary(content_copy: Path) -> None:
    path = content_copy / "brochure" / "05-belemmeringen-en-oplossingen.nl.md"
    edit(path, '"De tabel geeft ideeën: kies wat bij jou past en bespreek het."', "De tabel: kies.")
    assert_problem(
        problems_in(content_copy), "brochure/05-belemmeringen-en-oplossingen.nl.md:5", "summary"
    )


def test_obstacle_with_unknown_condition(content_copy: Path) -> None:
    path = content_copy / "brochure" / "obstacles.yaml"
    line = edit(path, "conditions: [lage-rug]", "conditions: [rug]") - 1  # the row's '- id:' line
    assert_problem(
        problems_in(content_copy), f"brochure/obstacles.yaml:{line}", "unknown condition 'rug'"
    )


def test_obstacle_with_missing_language(content_copy: Path) -> None:
    path = content_copy / "brochure" / "obstacles.yaml"
    line = edit(path, '      en: "Your manager."\n', "")
    lines = path.read_text(encoding="utf-8").splitlines()[:line]
    row = max(n for n, text in enumerate(lines, 1) if text.startswith("  - id:"))
    assert_problem(
        problems_in(content_copy), f"brochure/obstacles.yaml:{row}", "'ask' missing language 'en'"
    )


def test_malformed_obstacles_yaml(content_copy: Path) -> None:
    path = content_copy / "brochure" / "obstacles.yaml"
    line = edit(path, "    conditions: [psychisch]", "    conditions: [psychisch")
    problems = problems_in(content_copy)
    hit = next(p for p in problems if "invalid YAML" in p)
    assert hit.startswith("brochure/obstacles.yaml:"), problems
    assert int(hit.split(":")[1]) >= line


def test_broken_content_stops_the_app(content_copy: Path, app_config: dict[str, Any]) -> None:
    from portal import create_app

    edit(content_copy / CHAPTER, "(/werkwijzer/stap-voor-stap)", "(/werkwijzer/bestaat-niet)")
    with pytest.raises(ContentError, match="bestaat-niet"):
        create_app({**app_config, "CONTENT_DIR": str(content_copy)})


# --- the command -----------------------------------------------------------------------------


def test_content_check_command_passes_on_real_content(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK")
    assert "11 chapters (nl)" in result.output


def test_content_check_command_fails_on_broken_content(app: Flask, content_copy: Path) -> None:
    edit(content_copy / CHAPTER, "order: 1\n", "order: 1\ncolour: blue\n")
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content_copy)])
    assert result.exit_code == 1
    assert f"{CHAPTER}:5: unknown front matter key 'colour'" in result.output


def test_obstacles_filter_by_condition(app: Flask) -> None:
    rows = yaml.safe_load((CONTENT / "brochure" / "obstacles.yaml").read_text(encoding="utf-8"))
    back_only = {r["id"] for r in rows["rows"] if r["conditions"] == ["lage-rug"]}
    psych_only = {r["id"] for r in rows["rows"] if r["conditions"] == ["psychisch"]}
    shown = {row.id for row in content.obstacles("nl", "lage-rug")}
    assert back_only and back_only <= shown
    assert psych_only and not psych_only & shown
    assert len(content.obstacles("en")) == len(rows["rows"])


def test_content_check_lists_every_timeline_problem_with_its_line(
    app: Flask, content_copy: Path
) -> None:
    """The timeline goes through the same reader: all problems at once, each at its line."""
    path = content_copy / "timeline.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    chapter_lines = [n for n, line in enumerate(lines, 1) if line.strip().startswith("chapter:")]
    first, second = chapter_lines[0], chapter_lines[1]
    lines[first - 1] = lines[first - 1].split("chapter:")[0] + "chapter: nowhere"
    lines[second - 1] = lines[second - 1].split("chapter:")[0] + "chapter: ook-nergens"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["content", "check", "--dir", str(content_copy)])
    assert result.exit_code == 1
    problems = [p for p in result.output.splitlines() if p.startswith("timeline.yaml:")]
    assert len(problems) == 2, result.output
    assert "'chapter' is 'nowhere'" in problems[0] and "'ook-nergens'" in problems[1]
    for problem in problems:  # the line of the milestone (a "- id:" line) above the chapter
        number = int(problem.split(":")[1])
        assert lines[number - 1].lstrip().startswith("- "), problem


def test_a_milestone_may_link_to_a_chapter_only_if_the_brochure_has_it(
    content_copy: Path,
) -> None:
    """Chapter links are checked against the brochure's files, not a list in the code."""
    from portal.timeline.services import TimelineError, load_timeline

    timeline = load_timeline(content_copy / "timeline.yaml")
    used = {milestone.chapter for milestone in timeline.milestones}
    gone = sorted(used)[0]
    for chapter in (content_copy / "brochure").glob(f"*-{gone}.*.md"):
        chapter.unlink()
    with pytest.raises(TimelineError, match=f"'chapter' is '{gone}'"):
        load_timeline(content_copy / "timeline.yaml")


def test_the_app_does_not_start_with_a_broken_timeline(content_copy: Path) -> None:
    """Every content file is validated at start-up, the timeline included."""
    from portal import create_app

    edit(content_copy / "timeline.yaml", "milestones:", "milestones:\n  - id: Not_Kebab")
    with pytest.raises(ContentError, match=r"timeline\.yaml:\d+: milestone 'Not_Kebab'"):
        create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
