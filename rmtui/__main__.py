"""Allow ``python -m rmtui``."""

from rmtui.cli import main

main(prog_name="rmtui")
