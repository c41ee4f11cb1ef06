"""A bounded, process-wide cache of parsed sources keyed by git blob id.

A blob id names the file's content, so a repository audited at several commits (or a fork
beside its origin) re-parses only the files that differ. Parsed facts are never changed after
parsing, so one ``PyInfo`` can serve every audit that meets the same blob at the same path.
Bounded by total source size (least recently used out first), so a long batch stays flat.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

MAX_SOURCE_BYTES = 4 * 1024 * 1024  # text behind the cached facts (they take a few times more)


class ParsedCache:
    """LRU of parsed facts, bounded by the bytes of the texts they came from (thread-safe)."""

    def __init__(self, max_bytes: int = MAX_SOURCE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            got = self._items.get(key)
            if got is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return got[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes // 4:
            return  # one huge file would evict everything else
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
            self.hits = self.misses = 0

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)
