//! The words of the reviewing pages, Chinese first and English beside it.

use crate::i18n::CatalogueEntry as Entry;

/// Every word of these pages; keys start with `reviewing.`.
pub const STRINGS: &[Entry] = &[
    ("reviewing.back", "返回评审任务", "Back to my reviews"),
    ("reviewing.yes", "是", "Yes"),
    ("reviewing.list.title", "评审任务", "My reviews"),
    (
        "reviewing.list.lead",
        "分配给您的推荐，按人才类别评审；不含您所在单位的推荐",
        "The nominations assigned to you, by talent category; never your own unit's",
    ),
    ("reviewing.list.assigned", "分配给我", "Assigned to me"),
    ("reviewing.list.done", "已评分", "Scored"),
    ("reviewing.list.remaining", "待评分", "To score"),
    (
        "reviewing.list.by_category",
        "按人才类别",
        "By talent category",
    ),
    (
        "reviewing.list.all_categories",
        "全部类别",
        "All categories",
    ),
    ("reviewing.list.state", "评分情况", "Scoring"),
    ("reviewing.list.state.all", "全部", "All"),
    ("reviewing.list.state.todo", "待评分", "Not scored yet"),
    ("reviewing.list.state.done", "已评分", "Scored"),
    ("reviewing.list.filter", "筛选", "Filter"),
    ("reviewing.sort.todo", "待评分在前", "Not scored first"),
    ("reviewing.list.scored", "已评 {score} 分", "Scored {score}"),
    ("reviewing.list.not_scored", "待评分", "Not scored"),
    ("reviewing.list.has_warnings", "有提示", "Has warnings"),
    ("reviewing.list.open", "查看并评分", "Read and score"),
    ("reviewing.list.open_scored", "查看", "View"),
    (
        "reviewing.list.empty",
        "目前没有分配给您的推荐。选拔进入评审阶段后，市委组织部分配的推荐会出现在这里。",
        "Nothing is assigned to you now. Once a round is in review, the nominations the city assigns you appear here.",
    ),
    (
        "reviewing.list.empty_filter",
        "没有符合条件的推荐。",
        "No nominations match.",
    ),
    ("reviewing.recommendation.recommend", "推荐", "Recommend"),
    ("reviewing.recommendation.neutral", "中立", "Neutral"),
    (
        "reviewing.recommendation.oppose",
        "不推荐",
        "Do not recommend",
    ),
    ("reviewing.review.title", "评审：{name}", "Review: {name}"),
    ("reviewing.score.title", "我的评分", "My score"),
    (
        "reviewing.score.lead",
        "请阅读申报表和证明材料后评分，并给出推荐意见。",
        "Read the form and the evidence, then score and recommend.",
    ),
    ("reviewing.score.mine", "我的评分", "My score"),
    ("reviewing.score.score", "评分", "Score"),
    (
        "reviewing.score.score_hint",
        "{min} 到 {max} 分的整数",
        "A whole number from {min} to {max}",
    ),
    (
        "reviewing.score.recommendation",
        "推荐意见",
        "Recommendation",
    ),
    ("reviewing.score.comment", "评审意见", "Comment"),
    ("reviewing.score.updated_at", "评分时间", "Scored on"),
    ("reviewing.score.submit", "提交评分", "Submit score"),
    ("reviewing.score.change", "修改评分", "Change score"),
    (
        "reviewing.score.consequence",
        "评分只有市委组织部和评审委员会可见；评审阶段结束前可以修改，结束后不能再改。",
        "Only the city and the committee see scores; you can change yours until the review stage ends, not after.",
    ),
    (
        "reviewing.score.can_change",
        "评审阶段结束前仍可修改。",
        "You can still change it until the review stage ends.",
    ),
    (
        "reviewing.score.final",
        "评审阶段已结束，评分不能再修改。",
        "The review stage has ended; the score can no longer change.",
    ),
    (
        "reviewing.form.score_number",
        "请填写整数评分",
        "Give the score as a whole number",
    ),
    (
        "reviewing.form.choose_recommendation",
        "请选择推荐意见",
        "Choose a recommendation",
    ),
    ("reviewing.done.scored", "评分已保存。", "Score saved."),
];
