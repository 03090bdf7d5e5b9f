//! The imports (XLSX, and CSV in UTF-8, UTF-8 with a byte-order mark and GB18030), from the API and the command line.
