"""Rules of the disclosure family (see docs/rules.md)."""

from __future__ import annotations
