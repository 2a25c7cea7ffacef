"""The values of the figures page: shares and means with the people behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Proportion:
    """`count` of `total` answers, given by `people` distinct people."""

    count: int
    total: int
    people: int

    @property
    def percent(self) -> int:
        """Return the share as a whole percentage, rounded half up."""
        return (200 * self.count + self.total) // (2 * self.total) if self.total else 0


@dataclass(frozen=True)
class Mean:
    """The mean of `count` answers adding up to `total`, given by `people` distinct people."""

    total: int
    count: int
    people: int

    @property
    def value(self) -> float:
        """Return the mean, rounded to one decimal."""
        return round(self.total / self.count + 1e-9, 1) if self.count else 0.0


def as_int(value: Any) -> int:
    """Return a SQL aggregate as a whole number (None counts as 0)."""
    return int(value or 0)


def shown(value: Any, people: int, k: int, key: Any, thin: set[Any]) -> Any:
    """Return a value only when enough people gave it and no thin month could isolate one."""
    return value if people >= k and key not in thin else None
