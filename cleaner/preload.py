"""What every worker process needs, loaded once by the forkserver that forks them.

`cleaner.parallel` has its forkserver import this module before it forks a worker,
so the pipeline's modules and langdetect's language profiles (about a second
together) are loaded once and shared by every worker, not loaded by each.
"""

from cleaner.pipeline import Cleaner  # noqa: F401  (importing is the point)
from cleaner.steps.language import detect_language

detect_language("Loading the language profiles now spares every worker the wait.")
