"""The Textual front end. The core never imports from here."""
