"""Systemische behandeling van hersenmetastasen (Nervus 2023): the brain-metastases CDS services."""
