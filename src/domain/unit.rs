//! Units: the banners, counties and districts, city departments, colleges and enterprises that
//! nominate and assess their own mentors.

use serde::Deserialize;
use utoipa::ToSchema;

use super::text;
use crate::error::{AppError, FieldError, Problems};

text_enum!(
    /// What kind of body a unit is; the bus-card rule and the reports group by it.
    UnitKind {
        BannerCountyDistrict => "banner_county_district" ("旗县区"),
        CityDepartment => "city_department" ("市直部门"),
        College => "college" ("高校"),
        Enterprise => "enterprise" ("企业"),
        Other => "other" ("其他"),
    }
);

/// `POST /api/v1/units`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUnitRequest {
    /// Chinese name, unique, e.g. 红山区.
    #[schema(example = "红山区")]
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: String,
    pub kind: UnitKind,
    /// District the unit sits in (for the bus-card rule), e.g. 红山区.
    #[schema(
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,48}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?)?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub district: Option<String>,
}

/// `PATCH /api/v1/units/{id}`: only the fields given change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUnitRequest {
    #[schema(
        min_length = 1,
        pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,98}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    /// `null` clears the district.
    #[serde(default, deserialize_with = "crate::domain::double_option")]
    #[schema(value_type = Option<String>, pattern = r"^[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f](?:[^\x00-\x1f\x7f-\x9f]{0,48}[^\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f])?)?[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$")]
    pub district: Option<Option<String>>,
    /// `false` retires the unit; nothing is deleted.
    pub active: Option<bool>,
}

/// A unit ready to be stored.
#[derive(Debug, Clone)]
pub struct NewUnit {
    pub name: String,
    pub kind: UnitKind,
    pub district: Option<String>,
}

/// The changes to apply to a unit.
#[derive(Debug, Clone, Default)]
pub struct UnitChanges {
    pub name: Option<String>,
    pub kind: Option<UnitKind>,
    pub district: Option<Option<String>>,
    pub active: Option<bool>,
}

fn unit_name(raw: &str) -> Result<String, FieldError> {
    text::required(raw, 100)
}

impl CreateUnitRequest {
    pub fn parse(self) -> Result<NewUnit, AppError> {
        let mut p = Problems::new();
        let name = p.take("name", unit_name(&self.name));
        let district = p.take("district", text::optional(self.district.as_deref(), 50));
        p.finish()?;
        Ok(NewUnit {
            name: name.expect("checked"),
            kind: self.kind,
            district: district.expect("checked"),
        })
    }
}

impl UpdateUnitRequest {
    pub fn parse(self) -> Result<UnitChanges, AppError> {
        let mut p = Problems::new();
        let name = match self.name.as_deref() {
            Some(n) => p.take("name", unit_name(n)),
            None => None,
        };
        let district = match self.district {
            Some(d) => p.take("district", text::optional(d.as_deref(), 50)),
            None => None,
        };
        p.finish()?;
        Ok(UnitChanges {
            name,
            kind: self.kind,
            district,
            active: self.active,
        })
    }
}
