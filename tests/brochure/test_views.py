"""Brochure pages: contents, chapters in both languages, search, obstacles filter, print, PDF."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import yaml

from portal.brochure import content
from tests.brochure.conftest import CONTENT

LIBRARY = content.load(CONTENT)
SLUGS = [c.slug for c in LIBRARY.chapters["nl"]]
OBSTACLES = yaml.safe_load((CONTENT / "brochure" / "obstacles.yaml").read_text(encoding="utf-8"))


def rows_shown(page: str) -> set[str]:
    return set(re.findall(r'<tr id="obstacle-([a-z0-9-]+)"', page))


def test_index_lists_every_chapter_with_summary_and_downloads(client: Any) -> None:
    page = client.get("/werkwijzer/").get_data(as_text=True)
    assert page.count("<h1") == 1
    for chapter in LIBRARY.chapters["nl"]:
        assert f'href="/werkwijzer/{chapter.slug}"' in page
        assert chapter.summary[0] in html.unescape(page)
    assert 'href="/werkwijzer/werkwijzer.pdf"' in page
    assert 'href="/werkwijzer/afdrukken"' in page
    assert 'name="q"' in page and '<label for="q">' in page


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_chapter_is_public_in_both_languages(client: Any, slug: str, lang: str) -> None:
    response = client.get(f"/werkwijzer/{slug}?lang={lang}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    chapter = next(c for c in LIBRARY.chapters[lang] if c.slug == slug)
    assert f'<html lang="{lang}"' in page
    assert page.count("<h1") == 1
    assert f'<h1 id="chapter-title" class="page-title">{chapter.title}</h1>' in page
    assert 'class="summary-box"' in page
    text = html.unescape(page)
    assert all(line in text for line in chapter.summary)
    assert text.index(chapter.sources[0]) > text.index('class="prose')
    assert 'src="/static/js/read-aloud.js" defer' in page
    assert re.search(r"<button[^>]*read-aloud-button[^>]*hidden", page)
    assert 'rel="prev"' in page or slug == SLUGS[0]
    assert 'rel="next"' in page or slug == SLUGS[-1]
    assert "<script>" not in page and " style=" not in page


def test_unknown_chapter_is_404(client: Any) -> None:
    assert client.get("/werkwijzer/bestaat-niet").status_code == 404


def test_search_finds_a_word_from_a_chapter(client: Any) -> None:
    page = client.get("/werkwijzer/?q=Patientenorganisatie").get_data(as_text=True)
    results = page.split('id="results-title"', 1)[1].split('id="chapters-title"', 1)[0]
    assert 'href="/werkwijzer/wie-doet-wat"' in results
    assert "patiëntenorganisatie" in results


def test_search_without_hits_says_so(client: Any) -> None:
    page = client.get("/werkwijzer/?q=xyzzyquux").get_data(as_text=True)
    results = page.split('id="results-title"', 1)[1].split('id="chapters-title"', 1)[0]
    assert "/werkwijzer/" not in results


def test_search_escapes_the_query(client: Any) -> None:
    page = client.get("/werkwijzer/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_obstacles_table_is_accessible_and_complete(client: Any) -> None:
    page = client.get("/werkwijzer/belemmeringen-en-oplossingen").get_data(as_text=True)
    assert rows_shown(page) == {row["id"] for row in OBSTACLES["rows"]}
    table = page.split('<table class="data-table obstacles-table">', 1)[1].split("</table>")[0]
    assert "<caption" in table
    assert table.count('<th scope="col">') == 3
    assert table.count('<th scope="row">') == len(OBSTACLES["rows"])
    assert '<label for="aandoening">' in page and 'method="get"' in page
    assert page.index("<table") > page.index('class="prose')


def test_obstacles_filter_by_condition(client: Any) -> None:
    back_only = {r["id"] for r in OBSTACLES["rows"] if r["conditions"] == ["lage-rug"]}
    psych_only = {r["id"] for r in OBSTACLES["rows"] if r["conditions"] == ["psychisch"]}
    page = client.get("/werkwijzer/belemmeringen-en-oplossingen?aandoening=lage-rug").get_data(
        as_text=True
    )
    shown = rows_shown(page)
    assert back_only and back_only <= shown
    assert psych_only and not psych_only & shown
    assert '<option value="lage-rug" selected>' in page


@pytest.mark.parametrize("value", ["onbekend", "", "<b>x</b>"])
def test_unknown_condition_shows_every_row(client: Any, value: str) -> None:
    response = client.get(
        "/werkwijzer/belemmeringen-en-oplossingen", query_string={"aandoening": value}
    )
    assert response.status_code == 200
    assert len(rows_shown(response.get_data(as_text=True))) == len(OBSTACLES["rows"])


def test_other_chapters_have_no_obstacles_table(client: Any) -> None:
    page = client.get(f"/werkwijzer/{SLUGS[0]}").get_data(as_text=True)
    assert "<table" not in page and 'name="aandoening"' not in page


def test_print_view_has_every_chapter_on_one_page(client: Any) -> None:
    page = client.get("/werkwijzer/afdrukken").get_data(as_text=True)
    assert page.count("<h1") == 1
    for chapter in LIBRARY.chapters["nl"]:
        assert f'id="chapter-{chapter.slug}"' in page
        assert chapter.title in html.unescape(page)
    assert 'href="#chapter-stap-voor-stap"' in page  # chapter links jump within the page
    assert 'href="/werkwijzer/stap-voor-stap"' not in page
    assert len(rows_shown(page)) == len(OBSTACLES["rows"])
    assert "css/brochure.css" in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_download(client: Any, lang: str) -> None:
    response = client.get(f"/werkwijzer/werkwijzer.pdf?lang={lang}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert len(response.data) > 20_000
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="werkwijzer-eigen-regie-{lang}.pdf"'
    )


def test_single_page_html_moves_headings_down_and_links_inside() -> None:
    from markupsafe import Markup

    from portal.brochure.views import single_page_html

    html = single_page_html(
        Markup('<h2>A</h2><h3>B</h3><a href="/werkwijzer/x">x</a><a href="/tijdlijn/">t</a>')
    )
    assert str(html) == ('<h3>A</h3><h4>B</h4><a href="#chapter-x">x</a><a href="/tijdlijn/">t</a>')


def test_condition_labels_match_the_content() -> None:
    from portal.brochure.views import CONDITION_LABELS

    assert tuple(CONDITION_LABELS) == content.CONDITIONS
