"""Where the cohort file lives when nobody says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "RMTUI_DB"


def chosen_db_path(option: Path | None) -> Path | None:
    """The cohort file the user named: ``--db``, else ``$RMTUI_DB``, else None."""
    if option is not None:
        return option
    return Path(os.environ[ENV_VAR]).expanduser() if os.environ.get(ENV_VAR) else None


def default_db_path() -> Path:
    """``cohort.json`` in the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("rmtui")) / "cohort.json"
