//! Roles a user may hold (more than one: a mentee who became a mentor keeps both).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::choice::Choice;
use utoipa::ToSchema;

/// What a user may do in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 市委组织部（人才科）: runs the program city-wide.
    CityAdmin,
    /// 旗县区委组织部 / 市直部门: nominates and assesses its own unit's mentors.
    UnitAdmin,
    /// 评审委员会成员: reviews nominations.
    Reviewer,
    /// 人才培带人.
    Mentor,
    /// 培带对象.
    Mentee,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::CityAdmin,
        Role::UnitAdmin,
        Role::Reviewer,
        Role::Mentor,
        Role::Mentee,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CityAdmin => "city_admin",
            Self::UnitAdmin => "unit_admin",
            Self::Reviewer => "reviewer",
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
        }
    }

    /// Roles only a city admin may grant or take away.
    pub fn is_privileged(self) -> bool {
        matches!(self, Self::CityAdmin | Self::UnitAdmin | Self::Reviewer)
    }

    /// Roles that only make sense inside a unit.
    pub fn needs_unit(self) -> bool {
        matches!(self, Self::UnitAdmin | Self::Mentor | Self::Mentee)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

impl Choice for Role {
    const ALL: &'static [Role] = &Role::ALL;

    fn code(self) -> &'static str {
        self.as_str()
    }

    fn zh(self) -> &'static str {
        match self {
            Self::CityAdmin => "市级管理员",
            Self::UnitAdmin => "单位管理员",
            Self::Reviewer => "评审专家",
            Self::Mentor => "培带人",
            Self::Mentee => "培带对象",
        }
    }

    fn from_code(s: &str) -> Option<Self> {
        s.parse().ok()
    }
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::choice::deserialize(d)
    }
}
