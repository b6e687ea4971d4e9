"""Diagnostiek: MRI windows at a clinical suspicion (SM-MRI-*, SM-D02), the work-up of an unknown
primary tumour (SM-DX*), and the cards and questions of these decisions.
"""
