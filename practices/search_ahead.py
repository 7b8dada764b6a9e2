"""A case file's search fields worked out ahead, in a second process, while the
file is checked.

Folding, tokenising and the title's sort key are most of the Python work of
writing a new practice (bench/README.md), and they depend on the practice's own
texts alone (search_text.OwnSections). Checking a file keeps one core busy with
Python and leaves the other idle, so for a file of MIN_PRACTICES or more a forked
process works them out meanwhile, CHUNK practices at a time, and the writer takes
each practice's result as it goes (`own`). The process is a fork: it has the
file's practices and everything loaded without copying them, and it touches no
database connection (it only reads the practices and returns strings). It is an
optimisation only: where it cannot start or fails, `own` returns None and the
fields are worked out in the writing process as for any other write."""

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from .search_text import entry_own_sections

logger = logging.getLogger(__name__)
MIN_PRACTICES = 200  # below this, starting a process costs more than it saves
CHUNK = 100

_practices = []  # the file's practices, in the forked process


def _hold(practices):
    global _practices
    _practices = practices


def _own_sections(start, stop):
    return [entry_own_sections(data) for data in _practices[start:stop]]


class SearchAhead:
    """The OwnSections of a file's `practices` (dicts), worked out in a forked
    process; used as a context manager, which stops the process on leaving."""

    def __init__(self, practices):
        self.places = {id(data): index for index, data in enumerate(practices)}
        self.chunks = []
        self.pool = None
        if len(practices) < MIN_PRACTICES:
            return
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_hold,
                initargs=(practices,),
            )
            self.chunks = [
                self.pool.submit(_own_sections, start, start + CHUNK)
                for start in range(0, len(practices), CHUNK)
            ]
        except (OSError, ValueError, RuntimeError):  # no fork here, no process left
            logger.info("search fields are worked out in this process", exc_info=True)
            self.close()

    def own(self, data):
        """The OwnSections of `data` (one of the practices given), or None."""
        index = self.places.get(id(data))
        if index is None or not self.chunks:
            return None
        try:
            return self.chunks[index // CHUNK].result()[index % CHUNK]
        except Exception:  # noqa: BLE001 (worked out by the caller instead)
            logger.info("search fields ahead failed", exc_info=True)
            self.chunks = []
            return None

    def close(self):
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.chunks = []

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False
