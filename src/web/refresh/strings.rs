//! The words of every progress page (`_progress.html`), Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Keys start with `task.`.
pub const STRINGS: &[Entry] = &[
    (
        "task.running",
        "正在处理，请稍候……",
        "Working, please wait…",
    ),
    ("task.progress", "进度", "Progress"),
    (
        "task.items",
        "已处理 {done} / {total} 行",
        "{done} of {total} rows done",
    ),
    ("task.started", "开始于 {at}", "Started {at}"),
    (
        "task.refreshes",
        "本页每隔几秒自动刷新，完成后显示结果；可以离开本页，稍后回来查看。",
        "This page reloads itself every few seconds and shows the result when the work is done; you may leave and come back later.",
    ),
    ("task.reload", "立即刷新", "Reload now"),
];
