"""Allow ``python -m rmtui``."""

from rmtui.cli.launch import main

main()
