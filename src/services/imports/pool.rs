//! The mentor pool import (a running program taken over: appointments with their certificate numbers and terms): its columns, the check of each row, and what applying stores.
