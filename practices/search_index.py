"""The search index's merge after many inserts (PostgreSQL's GIN index on the search
rows' tokens, migrations 0003 and 0013).

GIN keeps new entries in a pending list and merges it into its tree whenever the
list passes gin_pending_list_limit (4 MB by default: every ~200 practices), each
merge rewriting pages all over the index; one merge for a whole batch costs far
less (bench/README.md; a merge that runs while entries are still coming in flushes
them in small batches and cost twice as much in all). A case file's import holds
its new entries in the pending list (`hold`, inside its transaction), then merges
them once every search row is in, on a connection of its own in a thread
(`start`), while it writes the rest and commits; `finish` waits for the merge.
The pending list holds index entries, which need no transaction to be merged:
entries of rows not yet committed are merged as any others, and a rolled back
import leaves entries to rows no one sees, as any rollback does, for VACUUM.
Searches find entries in the pending list as in the tree, so nothing is wrong
while a merge runs, or where one cannot run."""

import logging
import threading

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

logger = logging.getLogger(__name__)
SEARCH_INDEX = "practice_search_vector_gin"
# Room for the pending entries of a case file's new practices, in kB: 500 add ~11 MB
# of 1–4-gram entries, so a file of up to ~10,000 is merged once (a larger one
# whenever the list fills).
PENDING_LIST_KB = 256 * 1024
MERGE = "SELECT gin_clean_pending_list(%s::regclass)"


class SearchIndexMerge:
    """One merge of the search index's pending list (nothing to do but on
    PostgreSQL)."""

    def __init__(self, alias=DEFAULT_DB_ALIAS):
        self.alias = alias
        self.applies = connections[alias].vendor == "postgresql"
        self.thread = None
        self.merged = False

    def hold(self):
        """Keep this transaction's new index entries in the pending list."""
        if self.applies:
            with connections[self.alias].cursor() as cursor:
                cursor.execute(f"SET LOCAL gin_pending_list_limit = {PENDING_LIST_KB}")

    def start(self):
        """Merge the pending list beside this connection, once the entries are in."""
        if self.applies and self.thread is None:
            self.thread = threading.Thread(target=self._merge, name="search-merge")
            self.thread.start()

    def _merge(self):
        db = None
        try:
            db = connections.create_connection(self.alias)
            with db.cursor() as cursor:
                cursor.execute(MERGE, [SEARCH_INDEX])
            self.merged = True
        except Exception:  # noqa: BLE001 (merged by `finish` instead)
            logger.info(
                "could not merge the search index beside the import", exc_info=True
            )
        finally:
            if db is not None:
                db.close()

    def finish(self, failed=False):
        """Wait for the merge; where it could not run beside, merge here (not when
        the import `failed`: its entries are to rows no one will see)."""
        if self.thread is None:
            return
        self.thread.join()
        self.thread = None
        if not self.merged and not failed:
            self._merge_here()

    def _merge_here(self):
        db = connections[self.alias]
        with db.cursor() as cursor:
            try:
                with transaction.atomic(using=self.alias):  # a refusal loses nothing
                    cursor.execute(MERGE, [SEARCH_INDEX])
            except DatabaseError:
                # Only the index's owner may merge (docs/deployment.md); the
                # entries stay in the pending list, merged by VACUUM.
                logger.warning("could not merge the search index's pending list")
