//! What an indicator counts: shared by the contracts' yearly targets, the logged activities, the
//! progress against the targets and the policy's starting indicator set.

text_enum!(
    /// What an indicator counts; also the kinds of logged activities.
    IndicatorKind {
        Lecture => "lecture" ("专题讲座"),
        TechnicalTutoring => "technical_tutoring" ("技术辅导"),
        TrainingClass => "training_class" ("培训授课"),
        Exchange => "exchange" ("学术、技术、经验交流"),
        ProjectPractice => "project_practice" ("科研项目、岗位实践"),
        Custom => "custom" ("其他（自定义）"),
    }
);
