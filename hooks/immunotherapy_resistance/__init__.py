"""Radiotherapy before a PD-1 inhibitor in "cold" NSCLC (research news): the IO-* CDS services."""
