"""The built-in card viewer: a small page that calls this service's CDS endpoints as an EHR would.

It lets integrators and clinicians try every service without an EHR: pick a fixture patient or a
FHIR server, a hook and a draft order, and see the cards, the feedback and the raw exchange.
"""

from __future__ import annotations

from service.viewer.router import is_enabled, viewer_router

__all__ = ["is_enabled", "viewer_router"]
