"""Reach figures by spreadsheet: XLSX templates, streaming XLSX/CSV import, row reports."""
