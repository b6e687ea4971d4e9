"""Reading the chart: FHIR resources → `SpineFacts`, the one reading layer of this guideline.

Only this package reads FHIR; the decision tables and cards read `SpineFacts`.
"""
