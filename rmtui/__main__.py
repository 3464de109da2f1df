"""Allow ``python -m rmtui``."""

from rmtui.launch import main

main()
