"""The checks wing: 勾稽 rules, value and narrative checks, their wording, and the cross-year check."""
