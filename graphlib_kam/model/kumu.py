"""The words of a Kumu map that reading and writing it share.

:mod:`graphlib_kam.importers.kumu` reads Kumu blueprints and workbooks,
:mod:`graphlib_kam.present.kumu` writes them; both name the same attributes.
"""

from __future__ import annotations

__all__ = ["ELEMENT_TYPE", "TEAM_ELEMENT"]

ELEMENT_TYPE = "element type"
"""The element attribute that holds a stakeholder's buying role (or :data:`TEAM_ELEMENT`)."""

TEAM_ELEMENT = "Team member"
"""The element type of a member of our team."""
