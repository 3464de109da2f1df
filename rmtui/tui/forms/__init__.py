"""Forms that add or change one thing (a participant, a goal, a session, a check-in, a template, weights, a passphrase), with errors beside each field."""
