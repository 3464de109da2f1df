"""Pair mode for the shared machine: its own app, the pair list, and one pair's sheet and session log. Nothing here imports a coordinator section."""
