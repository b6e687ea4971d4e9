"""Behandeling: corticosteroids (SM-CS*), radiotherapy (SM-RT*), surgery (SM-S*, SM-T*), systemic
therapy (SM-CH*), the treatment indication (SM-LE*) and the time to therapy (SM-TT*), each table
beside its card.
"""
