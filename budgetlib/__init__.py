"""budgetlib: audit toolkit for Chinese government final-account disclosures (部门决算/单位决算公开)."""

__version__ = "0.1.0"


def load(path):
    """Parse one PDF into a Report (see budgetlib.parse.report)."""
    from budgetlib.parse.report import read_report

    return read_report(path)


def audit(report, params=None, others=None):
    """Run the rule catalogue over a Report; returns a list of Findings. `others`: the same unit's other
    disclosures (Reports), for the cross-document rules."""
    from budgetlib.checks import audit as _audit

    return _audit(report, params, others)
