"""A compact set of E.164 phone numbers, for duplicate detection over millions of rows."""

from __future__ import annotations

import operator
from array import array

_EMPTY = 0  # no phone maps to 0: E.164 digits never start with 0
_SPREAD = 17  # home slot: (key ^ (key >> _SPREAD)) & mask
# Growing re-inserts every key in Python: small tables grow fourfold, and start at 512 KB,
# so an import of 100,000 rows re-inserts a third of its keys instead of all of them.
_FIRST_SLOTS = 1 << 16
_FOURFOLD_BELOW = 1 << 20
_SIZED_AT_MOST = 1 << 21  # keys: 32 MB of slots


def phone_key(phone: str) -> int:
    """A checked E.164 number as an integer: at most 15 digits, so it fits in 8 bytes."""
    return int(phone[1:])


class PhoneSet:
    """Phone keys in one open-addressing ``array('q')``, at most half full.

    About 16-32 bytes a phone (up to 64 in tables under 8 MB, which grow fourfold), where a
    ``set`` of ``str`` costs about 100: a 1,000,000-row import keeps its duplicate check in
    about 16 MB. Keys are the numbers themselves, not
    hashes, so there are no false duplicates.
    """

    def __init__(self, capacity: int = _FIRST_SLOTS) -> None:
        size = 1
        while size < capacity:
            size *= 2
        self._slots = array("q", [_EMPTY]) * size
        self._mask = size - 1
        self._size = 0
        self._limit = size // 2  # at most half full

    @classmethod
    def sized_for(cls, rows: object) -> PhoneSet:
        """An empty set with room for as many keys as ``rows`` has (if it says, as a list
        does): then it never grows while they are added."""
        expected = min(operator.length_hint(rows, 0), _SIZED_AT_MOST)
        return cls(2 * expected) if expected else cls()

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int) or key == _EMPTY:
            return False
        return self._slots[self._find(key)] == key

    def add(self, key: int) -> bool:
        """Add ``key``; ``False`` if it was already there."""
        slots, mask = self._slots, self._mask
        index = (key ^ (key >> _SPREAD)) & mask
        # _find inlined: add runs once per imported row.
        while (found := slots[index]) != key:
            if found == _EMPTY:
                slots[index] = key
                self._size += 1
                if self._size > self._limit:
                    self._grow()
                return True
            index = (index + 1) & mask
        return False

    def add_all(self, keys: list[int]) -> list[int]:
        """``add`` each key in turn; the positions in ``keys`` of those already there."""
        while self._size + len(keys) > self._limit:
            self._grow()
        slots, mask = self._slots, self._mask
        repeated: list[int] = []
        for position, key in enumerate(keys):
            index = (key ^ (key >> _SPREAD)) & mask
            while (found := slots[index]) != key and found != _EMPTY:
                index = (index + 1) & mask
            if found == key:
                repeated.append(position)
            else:
                slots[index] = key
        self._size += len(keys) - len(repeated)
        return repeated

    def _find(self, key: int) -> int:
        """The slot holding ``key``, or the empty slot where it would go."""
        slots, mask = self._slots, self._mask
        index = (key ^ (key >> _SPREAD)) & mask
        while (found := slots[index]) != _EMPTY and found != key:
            index = (index + 1) & mask
        return index

    def _grow(self) -> None:
        old = self._slots
        size = len(old) * (4 if len(old) < _FOURFOLD_BELOW else 2)
        slots = self._slots = array("q", [_EMPTY]) * size
        mask = self._mask = size - 1
        self._limit = size // 2
        # Inlined _find: the keys are distinct, so only an empty slot is looked for. About a
        # third of the cost of add() over a growing import went into this loop.
        for key in filter(None, old):  # _EMPTY is 0: filter skips empty slots in C
            index = (key ^ (key >> _SPREAD)) & mask
            while slots[index] != _EMPTY:
                index = (index + 1) & mask
            slots[index] = key
