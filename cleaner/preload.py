"""What every worker process needs, loaded once by the forkserver that forks them.

`cleaner.parallel` has its forkserver import this module before it forks a worker,
so the pipeline's modules and langdetect's language profiles (about a second
together) are loaded once and shared by every worker, not loaded by each.
"""

from contextlib import suppress

from cleaner.pipeline import Cleaner  # noqa: F401  (importing is the point)
from cleaner.steps.language import detect_language

# A head start only: should loading fail here, each worker meets the error itself,
# where it is reported with the document; the forkserver must not die of it.
with suppress(Exception):
    detect_language("Loading the language profiles now spares every worker the wait.")
