//! The pages: the city admin's selection round and pool pages.
