//! Talent categories (人才类别) of the program [002]; the committee reviews each one separately.

text_enum!(
    /// The kind of talent a candidate or mentor is.
    TalentCategory {
        ProfessionalTechnical => "professional_technical" ("专业技术人才"),
        HighSkill => "high_skill" ("高技能人才"),
        RuralPractical => "rural_practical" ("农村牧区实用人才"),
        EquivalentOrHigher => "equivalent_or_higher" ("高于或相当于上述层次的人才"),
        ApprovedOther => "approved_other" ("经市委组织部批准的其他人才"),
    }
);
