"""Rules of the tables family (see docs/rules.md)."""

from __future__ import annotations
