"""Follow-up: controls after treatment, information and the coordinating physician (SM-FU*)."""
