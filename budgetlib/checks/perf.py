"""Rules of the perf family (see docs/rules.md)."""

from __future__ import annotations
