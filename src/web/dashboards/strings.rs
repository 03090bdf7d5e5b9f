//! The words of the dashboards pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `dashboards.`.
pub const STRINGS: &[Entry] = &[
    // The unit admin's dashboard.
    ("dashboards.unit.title", "本单位概况", "My unit"),
    (
        "dashboards.unit.figures_title",
        "本单位培带情况",
        "My unit's mentoring",
    ),
    (
        "dashboards.unit.figures_note",
        "点击数字可查看对应名单。",
        "Select a figure to open its list.",
    ),
    (
        "dashboards.unit.active_mentors",
        "在聘导师",
        "Active mentors",
    ),
    (
        "dashboards.unit.without_contract",
        "尚未签订培带协议的导师",
        "Mentors without a contract",
    ),
    (
        "dashboards.unit.behind_target",
        "本年度进度落后的协议",
        "Contracts behind target this year",
    ),
    (
        "dashboards.unit.without_mentor",
        "尚无导师的培带对象",
        "Mentees without a mentor",
    ),
    (
        "dashboards.unit.disputed",
        "有异议的培带活动",
        "Disputed activities",
    ),
    (
        "dashboards.unit.plans_overdue",
        "逾期未提交的培养计划",
        "Plans overdue",
    ),
    (
        "dashboards.unit.selection_title",
        "导师选拔推荐",
        "Mentor selection",
    ),
    (
        "dashboards.unit.deadline",
        "推荐截止日期",
        "Nomination deadline",
    ),
    ("dashboards.unit.days_left", "还剩 {n} 天", "{n} days left"),
    (
        "dashboards.unit.deadline_passed",
        "已截止",
        "Deadline passed",
    ),
    ("dashboards.unit.quota", "本单位名额", "My unit's quota"),
    (
        "dashboards.unit.quota_used",
        "已推荐 {n} 人，名额 {q} 人",
        "{n} nominated of a quota of {q}",
    ),
    (
        "dashboards.unit.no_quota",
        "已推荐 {n} 人，本轮未限定名额",
        "{n} nominated; this round sets no quota",
    ),
    (
        "dashboards.unit.quota_left",
        "还可推荐 {n} 人。",
        "{n} more may be nominated.",
    ),
    (
        "dashboards.unit.see_nominations",
        "查看推荐名单",
        "See nominations",
    ),
    (
        "dashboards.unit.no_selection",
        "目前没有正在接受推荐的选拔轮次。市级管理员开启新一轮后，可在推荐页面申报。",
        "No selection round is open for nominations. When the city opens one, nominate on the nominations page.",
    ),
    (
        "dashboards.unit.assessment_title",
        "{year} 年度考核进度",
        "Assessment {year}: progress",
    ),
    (
        "dashboards.unit.assessment_none_title",
        "年度考核",
        "Annual assessment",
    ),
    (
        "dashboards.unit.window",
        "考核时间：{from} 至 {to}",
        "Assessment window: {from} to {to}",
    ),
    ("dashboards.unit.window_open", "进行中", "Open now"),
    (
        "dashboards.unit.progress_alt",
        "已确认 {c} 份，共 {n} 份",
        "{c} of {n} confirmed",
    ),
    (
        "dashboards.unit.progress_caption",
        "本单位共 {n} 份考核",
        "{n} assessments in my unit",
    ),
    ("dashboards.unit.confirmed", "已确认", "Confirmed"),
    ("dashboards.unit.submitted", "已提交待确认", "Submitted"),
    (
        "dashboards.unit.assessed",
        "已评定未提交",
        "Graded, not submitted",
    ),
    ("dashboards.unit.returned", "已退回", "Returned"),
    ("dashboards.unit.not_started", "尚未评定", "Not graded yet"),
    (
        "dashboards.unit.no_assessments",
        "本轮考核中本单位暂无需考核的导师。",
        "This round has no mentor of my unit to assess.",
    ),
    (
        "dashboards.unit.no_assessment_round",
        "市级管理员尚未开启年度考核。开启后，可在考核页面为本单位导师评定等次。",
        "The city has not opened an assessment round yet. Once it has, grade your unit's mentors on the assessments page.",
    ),
    (
        "dashboards.unit.see_assessments",
        "查看考核",
        "See assessments",
    ),
    // The city admin's dashboard.
    ("dashboards.city.title", "全市概况", "Programme dashboard"),
    (
        "dashboards.city.figures_title",
        "{year} 年全市培带工作",
        "The programme in {year}",
    ),
    (
        "dashboards.city.active_mentors",
        "在聘导师",
        "Active mentors",
    ),
    (
        "dashboards.city.units",
        "有导师的单位",
        "Units with mentors",
    ),
    (
        "dashboards.city.active_contracts",
        "履行中的协议",
        "Active contracts",
    ),
    (
        "dashboards.city.activities_this_year",
        "本年度培带活动",
        "Activities this year",
    ),
    ("dashboards.city.charts", "图表", "Charts"),
    (
        "dashboards.city.by_category",
        "在聘导师（按人才类别）",
        "Active mentors by category",
    ),
    (
        "dashboards.city.by_unit",
        "在聘导师（按单位）",
        "Active mentors by unit",
    ),
    (
        "dashboards.city.contracts",
        "培带协议（按状态）",
        "Contracts by status",
    ),
    (
        "dashboards.city.activities",
        "每月培带活动（本年与上年对比）",
        "Activities per month, this year against last year",
    ),
    ("dashboards.city.grades", "历年考核等次", "Grades by year"),
    (
        "dashboards.city.benefits",
        "已发放的待遇（按类别）",
        "Benefits issued by kind",
    ),
    (
        "dashboards.city.pool",
        "导师库人数变化",
        "The pool over time",
    ),
    (
        "dashboards.city.pool_series",
        "在聘导师",
        "Mentors in the pool",
    ),
    // Charts and their tables.
    ("dashboards.chart.empty", "暂无数据", "Nothing to show yet"),
    (
        "dashboards.chart.table_of",
        "{title}：数据表",
        "{title}: the figures",
    ),
    (
        "dashboards.chart.first_rows",
        "图中为前 {n} 项，共 {all} 项，完整数据见数据表。",
        "The chart draws the first {n} of {all}; the table holds them all.",
    ),
    ("dashboards.chart.count", "人数/件数", "Count"),
    ("dashboards.chart.category", "人才类别", "Category"),
    ("dashboards.chart.unit", "单位", "Unit"),
    ("dashboards.chart.status", "状态", "Status"),
    ("dashboards.chart.kind", "待遇", "Benefit"),
    ("dashboards.chart.month", "月份", "Month"),
    ("dashboards.chart.year", "年度", "Year"),
    ("dashboards.month.1", "1月", "Jan"),
    ("dashboards.month.2", "2月", "Feb"),
    ("dashboards.month.3", "3月", "Mar"),
    ("dashboards.month.4", "4月", "Apr"),
    ("dashboards.month.5", "5月", "May"),
    ("dashboards.month.6", "6月", "Jun"),
    ("dashboards.month.7", "7月", "Jul"),
    ("dashboards.month.8", "8月", "Aug"),
    ("dashboards.month.9", "9月", "Sep"),
    ("dashboards.month.10", "10月", "Oct"),
    ("dashboards.month.11", "11月", "Nov"),
    ("dashboards.month.12", "12月", "Dec"),
];
