//! The spreadsheet exports (XLSX and CSV), read back cell by cell.
