"""Secundaire leverkanker (LUMC care pathway): the liver-metastases CDS service."""
