"""The people writing during a round: each runs in a thread until the server is killed."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tests.crash.ledger import Ledger
from tests.crash.web import GONE, Answer, Browser

ENTRY = "logbook entry (HTTP)"
MESSAGE = "message (HTTP)"
CONVERSATION_READ = "conversation read (HTTP)"
SHARE_OPEN = "share open (HTTP)"


@dataclass
class Cast:
    """The accounts and objects the crash test writes to (ids from the seeded database)."""

    employee_a: int
    employee_b: int
    employee_w: int
    coach: int
    professional: int
    link_a: int
    conversation_a: int
    conversation_w: int
    share: int
    share_text: str


def days_back(start: dt.date) -> Iterator[str]:
    """Yield distinct past days, newest first, as yyyy-mm-dd."""
    for n in itertools.count():
        yield (start - dt.timedelta(days=n)).isoformat()


class Round:
    """One round of writes: the threads stop when the server no longer answers."""

    def __init__(self, ledger: Ledger, cast: Cast, tag: str, rng: random.Random) -> None:
        self.ledger = ledger
        self.cast = cast
        self.tag = tag
        self.rng = rng
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []
        self.counter = itertools.count(1)

    def canary(self, kind: str) -> str:
        """Return a text no other write uses."""
        return f"CRASH-{self.tag}-{kind}-{next(self.counter):05d}-{secrets.token_hex(4)}"

    def start(self, name: str, step: Callable[[], None]) -> None:
        """Run step over and over in a thread until stopped or the server is gone."""

        def loop() -> None:
            while not self.stop.is_set():
                try:
                    step()
                except GONE:
                    return

        thread = threading.Thread(target=loop, name=name, daemon=True)
        self.threads.append(thread)
        thread.start()

    def join(self) -> None:
        """Stop every thread and wait for it."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
            if thread.is_alive():
                raise RuntimeError(f"client thread {thread.name} did not stop")

    def expect(self, answer: Answer, status: int, what: str) -> bool:
        """Return whether the answer is the success one; record any other answer."""
        if answer.status == status:
            return True
        self.ledger.bad_answer(f"{what}: HTTP {answer.status} {answer.location}".strip())
        self.stop.wait(0.05)
        return False

    def logbook(self, browser: Browser, user_id: int, days: Iterator[str]) -> Callable[[], None]:
        """Return a step that saves one day's entry through the real form, then shows it."""

        def step() -> None:
            day, energy, note = next(days), self.rng.randint(0, 10), self.canary("entry")
            path = f"/logboek/dag/{day}"
            self.ledger.try_entry(ENTRY, user_id, day, energy, note)
            answer = browser.post(path, {"energy": str(energy), "note": note})
            if self.expect(answer, 302, f"save {path}") and answer.location == path:
                self.ledger.ack_entry(ENTRY, user_id, day)
                shown = browser.get(path)  # as a browser follows the redirect
                if shown.status != 200 or note not in shown.body:
                    self.ledger.bad_answer(f"{path} does not show the saved note")
            elif answer.status == 302:
                self.ledger.bad_answer(f"save {path} redirected to {answer.location}")

        return step

    def employee_messages(self, browser: Browser) -> Callable[[], None]:
        """Return a step in which employee A sends a message to the coach."""
        link, conversation = self.cast.link_a, self.cast.conversation_a

        def step() -> None:
            body = self.canary("employee-message")
            self.ledger.try_message(MESSAGE, conversation, body)
            answer = browser.post(f"/berichten/{link}", {"body": body})
            if self.expect(answer, 302, "employee message") and answer.location == "/berichten/":
                self.ledger.ack_message(MESSAGE, conversation, body)
                browser.get(answer.location)
            elif answer.status == 302:
                self.ledger.bad_answer(f"employee message redirected to {answer.location}")

        return step

    def coach(self, browser: Browser) -> Callable[[], None]:
        """Return a step in which the coach sends a message, then reads the conversation."""
        path, conversation = f"/berichten/{self.cast.link_a}", self.cast.conversation_a

        def step() -> None:
            body = self.canary("coach-message")
            self.ledger.try_message(MESSAGE, conversation, body)
            answer = browser.post(path, {"body": body})
            if not self.expect(answer, 302, "coach message"):
                return
            if answer.location != path:
                self.ledger.bad_answer(f"coach message redirected to {answer.location}")
                return
            self.ledger.ack_message(MESSAGE, conversation, body)
            self.read(browser, path, CONVERSATION_READ, "conversation.read", conversation, body)

        return step

    def professional(self, browser: Browser) -> Callable[[], None]:
        """Return a step in which the professional opens the shared summary."""
        share = self.cast.share
        key = f"share.opened:{share}"

        def step() -> None:
            if key in browser.served_reads:
                # One reading session writes one row per thing opened: later loads in the
                # same login session (across rounds too) get no new row, so are not counted.
                answer = browser.get(f"/delen/ontvangen/{share}")
                self.expect(answer, 200, "open the share again")
                return
            if self.read(
                browser,
                f"/delen/ontvangen/{share}",
                SHARE_OPEN,
                "share.opened",
                share,
                self.cast.share_text,
            ):
                browser.served_reads.add(key)

        return step

    def read(
        self, browser: Browser, path: str, kind: str, event: str, object_id: int, shows: str
    ) -> bool:
        """Open a page whose every view is logged; acknowledged when it is served."""
        self.ledger.try_read(kind, event, object_id)
        answer = browser.get(path)
        if self.expect(answer, 200, f"open {path}"):
            if shows in answer.body:
                self.ledger.ack_read(kind, event, object_id)
                return True
            self.ledger.bad_answer(f"{path} was served without {shows!r}")
        return False
