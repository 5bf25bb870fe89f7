"""duplicate bands: recency index; report_id indexes for erasure

Duplicate look-ups read, of each band key, only the most recent rows (an index on
band_key, added_at), so their cost no longer grows with the store. Rows written before
this revision take their report's assessment time. Erasure deletes by report_id, which
now has an index on both key tables instead of a scan.

Revision ID: 8153d2b343d3
Revises: 912db98c09c6
Create Date: 2026-12-06 03:23:09.334906
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "8153d2b343d3"
down_revision: str | None = "912db98c09c6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("duplicate_bands", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
        batch_op.create_index("ix_duplicate_bands_recent", ["band_key", "added_at"], unique=False)
        batch_op.create_index("ix_duplicate_bands_report_id", ["report_id"], unique=False)
    op.execute(
        "UPDATE duplicate_bands SET added_at = (SELECT a.created_at FROM assessments a "
        "WHERE a.report_id = duplicate_bands.report_id) WHERE added_at IS NULL"
    )

    with op.batch_alter_table("subject_links", schema=None) as batch_op:
        batch_op.create_index("ix_subject_links_report_id", ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("subject_links", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_links_report_id")

    with op.batch_alter_table("duplicate_bands", schema=None) as batch_op:
        batch_op.drop_index("ix_duplicate_bands_report_id")
        batch_op.drop_index("ix_duplicate_bands_recent")
        batch_op.drop_column("added_at")
