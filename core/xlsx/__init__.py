"""The Excel wing: one report's workbook, the official table shapes, the shared styles, the batch summary."""
