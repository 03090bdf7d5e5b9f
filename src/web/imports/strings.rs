//! The words of the import pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `imports.`.
pub const STRINGS: &[Entry] = &[
    ("imports.nav", "数据导入", "Imports"),
    ("imports.title", "数据导入", "Imports"),
    (
        "imports.lead",
        "从 Excel 或 WPS 表格导入单位、人员，以及启用本系统前已有的人才培带人库和在履行的培带联系书。先试导入查看每一行的结果，确认后再导入：全部成功或全部不导入，重复导入同一文件不会改变数据。",
        "Import units, people, and the mentor pool and running contracts kept before the service, from Excel or WPS spreadsheets. A dry run shows each row first; applying stores every row or none, and importing the same file again changes nothing.",
    ),
    ("imports.columns", "列", "Columns"),
    (
        "imports.required_mark",
        "带 * 的列必填",
        "Columns marked * are required",
    ),
    ("imports.template", "下载模板", "Download the template"),
    (
        "imports.file",
        "表格文件（XLSX 或 CSV）",
        "Spreadsheet (XLSX or CSV)",
    ),
    (
        "imports.file_hint",
        "CSV 可为 UTF-8 或 GB18030 编码",
        "CSV may be in UTF-8 or GB18030",
    ),
    (
        "imports.invite",
        "给新建的人员发送邀请邮件",
        "E-mail an invitation to each person created",
    ),
    ("imports.check", "试导入", "Dry run"),
    ("imports.no_file", "请选择一个文件", "Choose a file"),
    (
        "imports.too_large",
        "文件过大：请分成几个文件导入",
        "The file is too large: split it into several files",
    ),
    (
        "imports.done",
        "「{kind}」已导入：新建 {created}，更新 {updated}，不变 {unchanged}，发送邀请 {invited} 封。",
        "{kind} imported: {created} created, {updated} updated, {unchanged} unchanged, {invited} invitations sent.",
    ),
    ("imports.preview.title", "试导入结果", "Dry run"),
    ("imports.preview.file", "文件", "File"),
    (
        "imports.preview.nothing_stored",
        "这是试导入，尚未保存任何数据。",
        "This is a dry run; nothing has been stored yet.",
    ),
    (
        "imports.preview.promise",
        "点击“确认导入”将新建 {created} 条、更新 {updated} 条，{unchanged} 条不变。",
        "Applying will create {created}, update {updated} and leave {unchanged} unchanged.",
    ),
    (
        "imports.preview.blocked",
        "有 {n} 行被拒绝：请在表格中改正后重新上传。有行被拒绝时不会导入任何一行。",
        "{n} rows are refused: correct them in the spreadsheet and upload it again. Nothing is imported while any row is refused.",
    ),
    (
        "imports.preview.invite",
        "导入后将给新建的人员发送邀请邮件。",
        "Each person created will get an invitation e-mail.",
    ),
    ("imports.preview.apply", "确认导入", "Apply the import"),
    ("imports.preview.again", "重新上传", "Upload another file"),
    (
        "imports.progress.check",
        "正在试导入",
        "Dry run in progress",
    ),
    ("imports.progress.apply", "正在导入", "Import in progress"),
    (
        "imports.progress.check_lead",
        "正在逐行检查文件，尚未保存任何数据；检查完成后显示试导入结果。",
        "The file is being checked row by row; nothing is stored yet. The dry run's result follows.",
    ),
    (
        "imports.progress.apply_lead",
        "正在导入文件：全部成功或全部不导入，完成后显示导入结果。",
        "The file is being imported, every row or none; the result follows.",
    ),
    (
        "imports.phase.reading",
        "正在读取文件……",
        "Reading the file…",
    ),
    (
        "imports.phase.checking",
        "正在检查各行……",
        "Checking the rows…",
    ),
    (
        "imports.phase.applying",
        "正在导入各行……",
        "Importing the rows…",
    ),
    ("imports.total.rows", "共计", "Rows"),
    ("imports.total.create", "新建", "Create"),
    ("imports.total.update", "更新", "Update"),
    ("imports.total.unchanged", "不变", "Unchanged"),
    ("imports.total.refuse", "拒绝", "Refused"),
    ("imports.col.row", "行号", "Row"),
    ("imports.col.action", "处理", "Action"),
    ("imports.col.what", "内容", "What"),
    ("imports.col.problems", "问题", "Problems"),
];
