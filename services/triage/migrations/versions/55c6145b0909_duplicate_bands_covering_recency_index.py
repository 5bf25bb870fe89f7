"""duplicate bands: covering recency index

The duplicate look-up reads, of each band key, the most recent report ids. With
report_id in the index the look-up no longer reads each row from the table: half its
time (1.0 -> 0.5 ms per report with 66,000 rows). The new index is built before the old
one goes, so look-ups always have one.

Revision ID: 55c6145b0909
Revises: 8153d2b343d3
Create Date: 2026-12-06 15:24:31.889354
"""

from collections.abc import Sequence

from alembic import op

revision: str = "55c6145b0909"
down_revision: str | None = "8153d2b343d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_duplicate_bands_recent_covering",
        "duplicate_bands",
        ["band_key", "added_at", "report_id"],
        unique=False,
    )
    op.drop_index("ix_duplicate_bands_recent", table_name="duplicate_bands")


def downgrade() -> None:
    op.create_index(
        "ix_duplicate_bands_recent", "duplicate_bands", ["band_key", "added_at"], unique=False
    )
    op.drop_index("ix_duplicate_bands_recent_covering", table_name="duplicate_bands")
