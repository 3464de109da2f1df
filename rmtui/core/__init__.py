"""The domain, the cohort file and import/export. Nothing here imports Textual."""
