//! The words of the activity statistics pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Keys start with `statistics.`.
pub const STRINGS: &[Entry] = &[
    ("statistics.nav", "活动统计", "Activity statistics"),
    ("statistics.title", "培带活动统计", "Activity statistics"),
    (
        "statistics.lead_unit",
        "{year}年度本单位培带人登记的培带活动：按培带人和活动类型统计次数和学时。",
        "The activities your unit's mentors logged in {year}, counted by mentor and kind, with their hours.",
    ),
    (
        "statistics.lead_city",
        "{year}年度全市培带人登记的培带活动：按单位、培带人和活动类型统计次数和学时。",
        "The activities the city's mentors logged in {year}, counted by unit, mentor and kind, with their hours.",
    ),
    ("statistics.year", "年度", "Year"),
    ("statistics.unit", "单位", "Unit"),
    ("statistics.all_units", "全部单位", "All units"),
    ("statistics.show", "查看", "Show"),
    ("statistics.mentors", "培带人", "Mentors"),
    ("statistics.activities", "活动次数", "Activities"),
    ("statistics.hours", "学时", "Hours"),
    ("statistics.by_unit", "各单位合计", "Totals by unit"),
    (
        "statistics.by_mentor",
        "按培带人和活动类型",
        "By mentor and kind",
    ),
    ("statistics.city_total", "全市合计", "City-wide"),
    ("statistics.total", "合计", "Total"),
    ("statistics.col.unit", "单位", "Unit"),
    ("statistics.col.mentor", "培带人", "Mentor"),
    ("statistics.col.certificate", "证书编号", "Certificate No."),
    ("statistics.col.kind", "活动类型", "Kind"),
    (
        "statistics.empty_unit",
        "{year}年度本单位还没有登记的培带活动。培带人在“培带活动”中登记后，这里会统计；也可以选择其他年度。",
        "No activities were logged in your unit in {year}. Once mentors log them, they are counted here; or choose another year.",
    ),
    (
        "statistics.empty_city",
        "{year}年度还没有登记的培带活动。培带人按培带联系书登记活动后，这里会统计；也可以选择其他年度或单位。",
        "No activities were logged in {year}. Once mentors log them under their contracts, they are counted here; or choose another year or unit.",
    ),
    (
        "statistics.to_activities",
        "查看培带活动",
        "See the activities",
    ),
    (
        "statistics.to_contracts",
        "查看培带联系书",
        "See the contracts",
    ),
];
