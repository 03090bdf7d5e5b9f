//! Imports from the spreadsheets a city already keeps (XLSX, or CSV in UTF-8 or GB18030): units,
//! people, and a running program's mentor pool and contracts. A dry run first, then one
//! transaction that stores every row or none.
