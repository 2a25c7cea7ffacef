"""Field encryption: AES-GCM bound to table, column and row; keys outside the database."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask

from portal import create_app
from portal.crypto import DataKeyError, DecryptionError, Keyring, Sealed, new_key_spec
from tests.conftest import TEST_DATA_KEYS


class Note:
    """A stand-in model: a table name, a row key and one sealed field."""

    __tablename__ = "notes"
    text = Sealed("text_sealed")

    def __init__(self) -> None:
        self.row_key: str | None = None
        self.text_sealed: str | None = None


def test_round_trip_and_nothing_readable_at_rest(app: Flask) -> None:
    note = Note()
    note.text = "Mijn rug doet pijn na een werkdag van 4 uur"
    assert note.row_key is not None
    assert note.text_sealed is not None and note.text_sealed.startswith("v1:new:")
    assert "rug" not in note.text_sealed
    assert note.text == "Mijn rug doet pijn na een werkdag van 4 uur"
    note.text = None
    assert note.text_sealed is None and note.text is None


def test_same_text_seals_differently_each_time(app: Flask) -> None:
    a, b = Note(), Note()
    a.text = b.text = "zelfde tekst"
    assert a.text_sealed != b.text_sealed


def test_value_moved_to_another_row_or_column_does_not_open(app: Flask) -> None:
    a, b = Note(), Note()
    a.text = "van rij a"
    b.text = "van rij b"
    b.text_sealed = a.text_sealed  # copied in the database by someone with write access
    with pytest.raises(DecryptionError):
        _ = b.text
    ring = Keyring.parse(TEST_DATA_KEYS)
    token = ring.seal("x", "notes.text.abc")
    with pytest.raises(DecryptionError):
        ring.open(token, "notes.other.abc")


def test_old_key_still_opens_and_unknown_key_fails() -> None:
    old = Keyring.parse("old:b2xkLWtleS1mb3ItdGVzdHMtMzItYnl0ZXMtbG9uZyE")
    token = old.seal("oud", "t.c.r")
    assert Keyring.parse(TEST_DATA_KEYS).open(token, "t.c.r") == "oud"
    with pytest.raises(DecryptionError):
        Keyring.parse(new_key_spec("other")).open(token, "t.c.r")


@pytest.mark.parametrize("spec", ["", "k1:short", "k 1:" + "A" * 43, "k1:!!!notbase64!!!"])
def test_malformed_keys_are_refused(spec: str) -> None:
    with pytest.raises(DataKeyError):
        Keyring.parse(spec)


def test_development_key_file_is_created_owner_only(tmp_path: Path) -> None:
    from portal.crypto import init_crypto

    app = Flask("keytest", instance_path=str(tmp_path))
    app.config.update(ENV="development", DATA_KEYS="")
    init_crypto(app)
    key_file = tmp_path / "data-keys"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert app.extensions["keyring"].current == "k1"
    init_crypto(app)  # the second start reads the same file
    assert Keyring.parse(key_file.read_text()).keys == app.extensions["keyring"].keys
    key_file.chmod(0o644)
    with pytest.raises(DataKeyError, match="chmod 600"):
        init_crypto(app)


def test_production_needs_data_keys(tmp_path: Path) -> None:
    with pytest.raises(DataKeyError, match="PORTAL_DATA_KEYS"):
        create_app(
            {
                "ENV": "production",
                "SECRET_KEY": "p" * 40,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}",
                "SESSION_COOKIE_SECURE": True,
                "BASE_URL": "https://portal.example.nl",
                "MAIL_OUTBOX_ONLY": True,
            }
        )


def test_keys_new_prints_a_usable_key(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["keys", "new", "--id", "k7"])
    assert result.exit_code == 0
    assert Keyring.parse(result.output.strip()).current == "k7"
