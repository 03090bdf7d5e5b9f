//! The lists the offices exchange as spreadsheets (XLSX, and CSV with a byte-order mark), each
//! read within the caller's scope exactly as its page or API list is.
