//! What part of the program a caller may see. Every scoped query puts this in its WHERE clause.

use super::ids::UnitId;

/// The units whose data a caller may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// City admins: every unit.
    City,
    /// Unit admins (and people of a unit): that unit only.
    Unit(UnitId),
    /// Callers with no unit and no city-wide role: nothing.
    Nothing,
}
