"""Richtlijn Wervelmetastasen (IKNL/Pallialine): the spinal-metastases CDS services."""
