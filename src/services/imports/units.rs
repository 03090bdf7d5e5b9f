//! The units import (单位): its columns, the check of each row, and what applying stores.
