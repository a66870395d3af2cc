"""Imported once by the forkserver of `cleaner.parallel`, before it forks any worker.

The pipeline's modules are imported and the process is warmed up (`warm_up`:
langdetect's profiles loaded, the heap set aside from the garbage collector), so
every worker starts with all of it, shared, instead of loading its own.
"""

from cleaner.parallel import warm_up
from cleaner.pipeline import Cleaner  # noqa: F401  (importing is the point)

warm_up()
