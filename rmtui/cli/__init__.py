"""The ``rmtui`` command: ``launch`` opens the app at once or hands the command line to the click commands.

Kept empty, so that starting the app through ``rmtui.cli.launch`` loads neither click nor the commands."""
