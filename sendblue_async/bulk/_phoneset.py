"""A compact set of E.164 phone numbers, for duplicate detection over millions of rows."""

from __future__ import annotations

from array import array

_EMPTY = 0  # no phone maps to 0: E.164 digits never start with 0
_SPREAD = 17  # home slot: (key ^ (key >> _SPREAD)) & mask


def phone_key(phone: str) -> int:
    """A checked E.164 number as an integer: at most 15 digits, so it fits in 8 bytes."""
    return int(phone[1:])


class PhoneSet:
    """Phone keys in one open-addressing ``array('q')``, at most half full.

    About 16-32 bytes a phone, where a ``set`` of ``str`` costs about 100: a 1,000,000-row
    import keeps its duplicate check in about 16 MB. Keys are the numbers themselves, not
    hashes, so there are no false duplicates.
    """

    def __init__(self, capacity: int = 1024) -> None:
        size = 1
        while size < capacity:
            size *= 2
        self._slots = array("q", bytes(8 * size))
        self._mask = size - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int) or key == _EMPTY:
            return False
        return self._slots[self._find(key)] == key

    def add(self, key: int) -> bool:
        """Add ``key``; ``False`` if it was already there."""
        index = self._find(key)
        if self._slots[index] == key:
            return False
        self._slots[index] = key
        self._size += 1
        if 2 * self._size > len(self._slots):
            self._grow()
        return True

    def _find(self, key: int) -> int:
        """The slot holding ``key``, or the empty slot where it would go."""
        slots, mask = self._slots, self._mask
        index = (key ^ (key >> _SPREAD)) & mask
        while (found := slots[index]) != _EMPTY and found != key:
            index = (index + 1) & mask
        return index

    def _grow(self) -> None:
        old = self._slots
        slots = self._slots = array("q", bytes(16 * len(old)))
        mask = self._mask = len(slots) - 1
        # Inlined _find: the keys are distinct, so only an empty slot is looked for. About a
        # third of the cost of add() over a growing import went into this loop.
        for key in filter(None, old):  # _EMPTY is 0: filter skips empty slots in C
            index = (key ^ (key >> _SPREAD)) & mask
            while slots[index] != _EMPTY:
                index = (index + 1) & mask
            slots[index] = key
