"""The coordinator's sections, one per F-key: roster, matching, goals, settings, dashboard and report."""
