"""python -m shared.make_migration SERVICE "message": autogenerate a revision from the models.

Runs against a scratch SQLite database brought to head first, so the revision holds only
what changed in the service's models.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from shared.migrations import alembic_config


def main() -> None:
    service, message = sys.argv[1], sys.argv[2]
    migrations = Path(__file__).resolve().parent.parent / "services" / service / "migrations"
    with tempfile.TemporaryDirectory() as scratch:
        cfg = alembic_config(migrations, f"sqlite+aiosqlite:///{scratch}/scratch.db")
        command.upgrade(cfg, "head")
        command.revision(cfg, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
