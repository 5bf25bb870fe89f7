"""duplicate bands: clustered by (band_key, added_at, report_id); 128-bit keys

Every report writes 33 band keys, which land anywhere in the table's indexes; as the
store grows those indexes outgrow the page cache and each report's writes touch pages
that are not in it. Two changes halve that work:

- the primary key is the look-up's own order (a key's rows, newest first), and on
  SQLite the table is WITHOUT ROWID, clustered on it: each row goes into two B-trees
  (the table and the report_id index) where it went into four (row, primary key,
  covering recency index, report_id index). The covering index is no longer needed;
- stored keys (band keys and subject keys) are the keyed hash's first 128 bits, 32 hex
  digits, not 64. The new key is the old one's prefix, so keys already stored are cut to
  it and still meet the keys of new reports.

The table is rebuilt (a SQLite table cannot change its primary key or become WITHOUT
ROWID in place). A row without a time (none should exist: revision 8153d2b343d3 gave
every row its assessment's time) takes the epoch, so it is kept but read last.

Downgrade rebuilds the earlier layout; keys stay 128-bit (the rest of each hash is
gone), so after a downgrade the earlier code's 256-bit keys no longer meet them.

Revision ID: 0663883f51c8
Revises: 55c6145b0909
Create Date: 2026-12-06 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0663883f51c8"
down_revision: str | None = "55c6145b0909"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_DIGITS = 32
EPOCH = "1970-01-01 00:00:00.000000"


def _rebuild(*, clustered: bool) -> None:
    """Copy duplicate_bands into a table of the wanted layout and put it in its place."""
    postgres = op.get_bind().dialect.name == "postgresql"
    key_length = KEY_DIGITS if clustered else 64
    primary_key = ("band_key", "added_at", "report_id") if clustered else ("band_key", "report_id")
    op.create_table(
        "duplicate_bands_rebuilt",
        sa.Column("band_key", sqlmodel.sql.sqltypes.AutoString(length=key_length), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=not clustered),
        sa.Column("report_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint(*primary_key),
        sqlite_with_rowid=not clustered,
    )
    added_at = "added_at"
    if clustered:
        added_at = (
            f"COALESCE(added_at, '{EPOCH}+00'::timestamptz)"
            if postgres
            else (f"COALESCE(added_at, '{EPOCH}')")
        )
    op.execute(
        "INSERT INTO duplicate_bands_rebuilt (band_key, added_at, report_id) "  # noqa: S608
        f"SELECT substr(band_key, 1, {KEY_DIGITS}), {added_at}, report_id FROM duplicate_bands"
    )
    op.drop_table("duplicate_bands")  # with its indexes
    op.rename_table("duplicate_bands_rebuilt", "duplicate_bands")
    if postgres:
        # The name PostgreSQL gave the key of the table it replaces (and gives every key).
        op.execute(
            "ALTER TABLE duplicate_bands RENAME CONSTRAINT duplicate_bands_rebuilt_pkey "
            "TO duplicate_bands_pkey"
        )
    op.create_index("ix_duplicate_bands_report_id", "duplicate_bands", ["report_id"])
    if not clustered:
        op.create_index(
            "ix_duplicate_bands_recent_covering",
            "duplicate_bands",
            ["band_key", "added_at", "report_id"],
        )


def upgrade() -> None:
    _rebuild(clustered=True)
    op.execute(f"UPDATE subject_links SET subject_key = substr(subject_key, 1, {KEY_DIGITS})")  # noqa: S608


def downgrade() -> None:
    _rebuild(clustered=False)
