"""rmtui: run a reverse-mentoring programme from the terminal."""

__version__ = "0.1.0"
