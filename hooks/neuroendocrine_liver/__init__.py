"""Hepatic Radioembolization in Neuroendocrine Neoplasms (thesis, 2019): the NET liver-metastases CDS service."""
