"""Rules of the narrative family (see docs/rules.md)."""

from __future__ import annotations
