//! The words of the notice pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `publicnotice.` (`notice.` names the frame's
/// one-line notices).
pub const STRINGS: &[Entry] = &[
    ("publicnotice.list.title", "公示", "Public notices"),
    (
        "publicnotice.list.lead",
        "正在公示的人才培带人拟聘人选。对公示对象有异议的，请在公示期内反映。",
        "Candidates proposed as talent mentors, now on public notice. Objections are taken until each notice ends.",
    ),
    (
        "publicnotice.list.empty",
        "目前没有正在公示的选拔。",
        "No selection is on public notice at the moment.",
    ),
    ("publicnotice.back", "← 全部公示", "← All notices"),
    (
        "publicnotice.title",
        "{round}拟聘人选公示",
        "Public notice: candidates of {round}",
    ),
    (
        "publicnotice.lead",
        "经单位推荐、评审委员会评审和市委组织部研究，以下 {n} 名同志拟聘为人才培带人，现予公示。",
        "Nominated by their units, reviewed by the committee and approved by the city organization department, the following {n} people are proposed as talent mentors and are hereby published.",
    ),
    ("publicnotice.period", "公示期", "Notice period"),
    (
        "publicnotice.working_days",
        "{n} 个工作日",
        "{n} working days",
    ),
    ("publicnotice.open", "公示中", "Open"),
    ("publicnotice.ended", "公示期已结束", "The notice has ended"),
    ("publicnotice.col.no", "序号", "No."),
    ("publicnotice.col.name", "姓名", "Name"),
    ("publicnotice.col.unit", "工作单位", "Unit"),
    ("publicnotice.col.category", "人才类别", "Category"),
    (
        "publicnotice.empty",
        "本次公示没有人选。",
        "Nobody is on this notice.",
    ),
    (
        "publicnotice.whole",
        "在一页中显示全部人选（便于打印）",
        "Show every candidate on one page (to print it)",
    ),
    ("publicnotice.how", "如何反映异议", "How to object"),
    ("publicnotice.filed_with", "受理单位：", "Received by: "),
];
