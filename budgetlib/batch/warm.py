"""Imported last by the batch's fork server (executors._forkserver).

The first use of some libraries costs more than importing them: the CJK TrueType font reportlab
measures findings.pdf with (≈0.7 s) and, when the batch runs notebooks, the HTML exporter's templates
(≈0.25 s) and the notebooks' first chart, table and page image (present.warm, ≈0.3 s). Done here
once, every unit forked from the server has them.
"""

import contextlib
import sys

from budgetlib.present.annotate import register_font

# a failure here must not take the fork server down: the unit meets it again and reports it
with contextlib.suppress(Exception):
    register_font()
    if "budgetlib.notebooks_run" in sys.modules:
        from budgetlib.notebooks_run import warm_html
        from budgetlib.present.warm import warm

        warm_html()
        warm()  # the kernels each unit forks from itself inherit it
