//! The contracts import (a running program taken over: active contracts with their mentees and cycle dates): its columns, the check of each row, and what applying stores.
