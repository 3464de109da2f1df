"""Dialogs that ask one question or show one thing: confirmations, passphrase prompts, imports, exports, candidates, template pickers and help."""
