"""budgetlib: audit toolkit for Chinese government final-account disclosures (部门决算/单位决算公开)."""

__version__ = "0.1.0"


def load(path):
    """Parse one PDF into a Report (see budgetlib.parse.report)."""
    from budgetlib.parse.report import read_report

    return read_report(path)


def audit(report, params=None, doc=None, others=None):
    """Run the rule catalogue over a Report, then confirm every error and warning on the page it cites
    (budgetlib.confirm; `doc`: the report's opened Document, else its file is opened); returns a list
    of Findings. `others`: the same unit's other disclosures (Reports), for the cross-document rules."""
    from budgetlib.checks import audit as _audit
    from budgetlib.confirm import confirm

    return confirm(report, _audit(report, params, others), doc)
