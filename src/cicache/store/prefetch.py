"""Reading ahead in a thread, so decompression overlaps with writing files.

`tar | zstd` pipelines get this for free from running two processes; here zstandard releases
the GIL while it decompresses, so one reader thread keeps a few chunks ready while the main
thread is busy in open/mkdir/write system calls.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

__all__ = ["Prefetch"]

_DONE = object()


class Prefetch:
    def __init__(self, raw: Any, chunk: int = 1 << 20, depth: int = 8) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(raw, chunk), daemon=True)
        self._thread.start()
        self._buf, self._done = b"", False

    def _run(self, raw: Any, chunk: int) -> None:
        try:
            while not self._stop.is_set():
                data = raw.read(chunk)
                self._put(data if data else _DONE)
                if not data:
                    return
        except BaseException as exc:  # handed to the reading thread
            self._put(exc)

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def read(self, n: int = -1) -> bytes:
        if not self._buf and not self._done:
            item = self._queue.get()
            if isinstance(item, BaseException):
                self.close()
                raise item
            if item is _DONE:
                self._done = True
            else:
                self._buf = item
        size = len(self._buf) if n < 0 else n
        data, self._buf = self._buf[:size], self._buf[size:]
        return data

    def close(self) -> None:
        """Stop reading ahead and wait for the thread (it may finish one last read)."""
        self._stop.set()
        self._thread.join()
