"""Reading level of the Dutch chapters: short sentences and common words (B1)."""

from __future__ import annotations

import re

import pytest

from portal.brochure import content
from tests.brochure.conftest import CONTENT

CHAPTERS = content.load(CONTENT).chapters["nl"]
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: A sentence ends at . ! ? or : , and every heading, list item or table cell is one too.
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")

MAX_LIX = 45
MAX_WORDS_PER_SENTENCE = 15


def readability(text: str) -> tuple[float, float]:
    """Return (LIX, average words per sentence) of a plain text."""
    sentences = [s for s in SENTENCE_END.split(text) if WORD.search(s)]
    words = WORD.findall(text)
    long_words = [w for w in words if len(re.sub(r"\W", "", w)) > 6]
    per_sentence = len(words) / len(sentences)
    return per_sentence + 100 * len(long_words) / len(words), per_sentence


def test_readability_measure() -> None:
    easy = "Je bent ziek. Dat is lastig. Je mag hulp vragen."
    hard = (
        "Arbeidsongeschiktheidsverzekeringen veronderstellen ingewikkelde "
        "bedrijfsgeneeskundige beoordelingsprocedures, waarbij werkgevers "
        "re-integratie-inspanningen uitgebreid documenteren."
    )
    assert readability(easy)[0] < 10
    assert readability(hard)[0] > 60


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.slug for c in CHAPTERS])
def test_dutch_chapter_is_easy_to_read(chapter: content.Chapter) -> None:
    """LIX (words per sentence + percentage of words longer than 6 letters) stays at most 45.

    LIX below about 40 counts as easy; B1 texts for the general public sit around 35 to 45,
    and above 45 texts read as "average" to "hard" (newspapers, official letters). Our readers
    have little energy and concentration, so we allow no chapter to cross 45; today the
    chapters measure about 18 to 26. An average sentence of at most 15 words is the B1
    guideline used by Dutch plain-language editors (Direct Duidelijk, Steffie).
    """
    lix, per_sentence = readability(chapter.text)
    assert lix <= MAX_LIX, f"{chapter.slug}: LIX {lix:.1f}"
    assert per_sentence <= MAX_WORDS_PER_SENTENCE, f"{chapter.slug}: {per_sentence:.1f} words"
