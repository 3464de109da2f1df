"""The domain, one package per part of it (store, roster, matching, goals, access, sessions, report, demo), and the basics they share (errors, text). Nothing here imports Textual."""
