"""Evidence files: checked by content, stripped of metadata, stored encrypted."""
