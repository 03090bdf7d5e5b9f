//! The pages: a reviewer's pages and the public notice.
