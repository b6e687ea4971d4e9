"""Building blocks shared by the topic packages (brain, liver, NET, immunotherapy resistance).

Reading the record into three-valued facts, interpreting biomarker results, option tables,
information cards with their source's strength, validated FHIR suggestions, review documents.
"""
