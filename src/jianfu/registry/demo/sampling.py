"""Small deterministic helpers: weighted choice, exact apportionment and synthetic ID numbers."""

import datetime as dt
from bisect import bisect
from collections.abc import Iterable, Sequence
from itertools import accumulate
from random import Random

from jianfu.registry.idcard import check_character

# GB/T 2260 has no 150290..150298 (Baotou's county codes stop at 150223), so no real person carries them.
SYNTHETIC_ADDRESS_CODES = tuple(str(code) for code in range(150290, 150299))
_MALE_SLOTS = len(SYNTHETIC_ADDRESS_CODES) * 500  # odd sequence codes 001..999
_FEMALE_SLOTS = len(SYNTHETIC_ADDRESS_CODES) * 499  # even sequence codes 002..998
_STRIDE = 1237  # prime, coprime to both slot counts: consecutive people get scattered codes


class Weighted:
    """A fixed table of (item, weight) to draw from with a caller's Random; cheaper than rng.choices."""

    def __init__(self, pairs: Iterable[tuple[object, float]]):
        pairs = [(item, weight) for item, weight in pairs if weight > 0]
        self.items = [item for item, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: Random):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """Split total into integer parts proportional to weights (largest remainder), each at least minimum."""
    if minimum * len(weights) > total:
        raise ValueError(f"cannot give {len(weights)} parts at least {minimum} each out of {total}")
    rest = total - minimum * len(weights)
    weight_sum = sum(weights)
    exact = [rest * weight / weight_sum for weight in weights]
    parts = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in by_remainder[: rest - sum(parts)]:
        parts[i] += 1
    return [part + minimum for part in parts]


def random_date(rng: Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(first.toordinal() + rng.randrange(last.toordinal() - first.toordinal() + 1))


class IdNumberAllocator:
    """Hands out unique synthetic ID numbers for a birth date and gender, with no set of used numbers kept.

    Each (birth date, gender) has 4,500 (male) or 4,491 (female) slots over the nine synthetic address codes;
    the n-th person born that day takes slot (start + n * stride) mod slots, which never repeats.
    """

    def __init__(self, seed: int):
        self._seed = seed
        self._issued: dict[tuple[int, str], int] = {}

    def allocate(self, birth_date: dt.date, gender: str) -> str:
        day = birth_date.toordinal()
        key = (day, gender)
        n = self._issued.get(key, 0)
        self._issued[key] = n + 1
        male = gender == "1"
        slots = _MALE_SLOTS if male else _FEMALE_SLOTS
        if n >= slots:
            raise OverflowError(f"no synthetic ID numbers left for {birth_date} gender {gender}")
        slot = ((day * 7919 + self._seed * 104729) % slots + n * _STRIDE) % slots
        address = SYNTHETIC_ADDRESS_CODES[slot % len(SYNTHETIC_ADDRESS_CODES)]
        index = slot // len(SYNTHETIC_ADDRESS_CODES)
        sequence = 2 * index + (1 if male else 2)
        first17 = f"{address}{birth_date:%Y%m%d}{sequence:03d}"
        return first17 + check_character(first17)
