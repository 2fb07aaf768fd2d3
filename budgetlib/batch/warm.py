"""Imported by the batch's fork server when the batch runs notebooks (worker.PRELOAD_NOTEBOOKS).

Its import does the one piece of first-use work that costs more than the imports themselves: the
HTML exporter's templates (≈0.25 s). Done once in the server, every unit forked from it has them.
"""

from budgetlib.notebooks_run import warm_html

warm_html()
