"""Dutch-ish free text of realistic length for the benchmark dataset (seeded, reproducible)."""

from __future__ import annotations

import random

OPENINGS = [
    "Vandaag",
    "Vanochtend",
    "Vanmiddag",
    "Vanavond",
    "Na de lunch",
    "Op het werk",
    "Thuis",
    "Samen met mijn partner",
    "Na een slechte nacht",
    "Na een rustige ochtend",
]
ACTIVITIES = [
    "twee uur mail bijgewerkt",
    "een korte wandeling gemaakt",
    "de boodschappen gedaan",
    "een overleg met mijn leidinggevende gehad",
    "rustig aan gedaan met pauzes",
    "de was opgevouwen",
    "een uur aan het rapport gewerkt",
    "met de fysiotherapeut geoefend",
    "gekookt voor het gezin",
    "een dutje gedaan",
    "telefonisch met een collega gesproken",
    "de planning voor volgende week gemaakt",
    "een stuk gefietst",
    "in de tuin gewerkt",
]
FEELINGS = [
    "dat ging beter dan ik dacht",
    "daarna was ik erg moe",
    "ik merkte dat mijn hoofd snel vol zat",
    "het voelde goed om iets af te ronden",
    "mijn rug speelde weer op",
    "ik heb op tijd een pauze genomen",
    "ik was prikkelbaar en onrustig",
    "ik kon me goed concentreren",
    "ik sliep daarna slecht",
    "het gaf me energie",
]
HELPED = [
    "Pauzes om het uur hielpen.",
    "Een vaste structuur in de dag helpt.",
    "Even naar buiten tussendoor.",
    "Mijn collega nam het telefoontje over.",
    "Thuiswerken in een stille kamer.",
    "Op tijd naar bed en geen scherm meer.",
    "Mijn taken opschrijven en afstrepen.",
]
HINDERED = [
    "Te veel prikkels op kantoor.",
    "Lang achter elkaar vergaderen.",
    "Onverwachte vragen van collega's.",
    "De reistijd met het openbaar vervoer.",
    "Pijn in mijn schouder na het typen.",
    "Piekeren over de toekomst.",
    "Te weinig geslapen.",
]
WORDS = [
    *[
        "werk",
        "energie",
        "rust",
        "grens",
        "stap",
        "opbouw",
        "taak",
        "uren",
        "collega",
        "overleg",
        "planning",
        "herstel",
    ],
    *[
        "pauze",
        "wandeling",
        "gesprek",
        "afspraak",
        "bedrijfsarts",
        "leidinggevende",
        "doel",
        "voorstel",
        "week",
    ],
    *[
        "dag",
        "moe",
        "sterk",
        "zwaar",
        "licht",
        "beter",
        "slechter",
        "ritme",
        "slaap",
        "klachten",
        "behandeling",
    ],
]


def sentence(rng: random.Random) -> str:
    """Return one sentence about a day."""
    return f"{rng.choice(OPENINGS)} heb ik {rng.choice(ACTIVITIES)}, en {rng.choice(FEELINGS)}."


def paragraph(rng: random.Random, low: int = 1, high: int = 4) -> str:
    """Return a few sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(low, high)))


def short(rng: random.Random, words: int = 6) -> str:
    """Return a short phrase of plain words, first one capitalised."""
    chosen = [rng.choice(WORDS) for _ in range(rng.randint(max(2, words - 3), words + 3))]
    return " ".join(chosen).capitalize()


def helped(rng: random.Random) -> str:
    """Return what helped."""
    return " ".join(rng.sample(HELPED, rng.randint(1, 3)))


def hindered(rng: random.Random) -> str:
    """Return what hindered."""
    return " ".join(rng.sample(HINDERED, rng.randint(1, 3)))


def message(rng: random.Random) -> str:
    """Return a chat message between an employee and a coach (20-600 characters)."""
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(
            [
                "Dank je, dat is fijn om te horen.",
                "Goed idee, dat ga ik deze week proberen.",
                "Hoe ging het gesprek met de bedrijfsarts?",
                "Zullen we volgende week even bellen?",
                "Ik laat het je weten als ik meer weet.",
            ]
        )
    return paragraph(rng, 1, 5)
