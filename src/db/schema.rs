//! Diesel's view of the tables, written by hand in the SQL types both backends share.

diesel::table! {
    units (id) {
        id -> BigInt,
        name -> Text,
        kind -> Text,
        district -> Nullable<Text>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        email -> Text,
        name -> Text,
        unit_id -> Nullable<BigInt>,
        status -> Text,
        locale -> Text,
        password_hash -> Nullable<Text>,
        token_version -> Integer,
        gender -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        education -> Nullable<Text>,
        title_level -> Nullable<Text>,
        skill_level -> Nullable<Text>,
        specialty -> Nullable<Text>,
        phone -> Nullable<Text>,
        city_work_start_date -> Nullable<Date>,
        from_outside_city -> Bool,
        owns_urban_housing -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        id_number -> Nullable<Text>,
        position -> Nullable<Text>,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        occurred_at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        object_type -> Nullable<Text>,
        object_id -> Nullable<Text>,
        unit_id -> Nullable<BigInt>,
        summary -> Text,
        client_ip -> Nullable<Text>,
        request_id -> Nullable<Text>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> BigInt,
        idempotency_key -> Text,
        message_id -> Text,
        template -> Text,
        recipient_user_id -> Nullable<BigInt>,
        recipient_email -> Text,
        recipient_name -> Text,
        locale -> Text,
        data -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        claimed_by -> Nullable<Text>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        purpose -> Text,
        nonce -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    job_runs (id) {
        id -> BigInt,
        job -> Text,
        trigger -> Text,
        scheduled_for -> Nullable<Timestamp>,
        started_at -> Timestamp,
        finished_at -> Nullable<Timestamp>,
        status -> Text,
        counts -> Text,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    selection_rounds (id) {
        id -> BigInt,
        name -> Text,
        year -> Integer,
        nomination_deadline -> Date,
        age_reference_date -> Date,
        birth_date_cutoff -> Nullable<Date>,
        appointment_term_years -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        notice_ends_on -> Nullable<Date>,
        min_scores -> Integer,
        notice_starts_on -> Nullable<Date>,
    }
}

diesel::table! {
    round_quotas (id) {
        id -> BigInt,
        round_id -> BigInt,
        unit_id -> Nullable<BigInt>,
        category -> Nullable<Text>,
        quota -> Integer,
    }
}

diesel::table! {
    nominations (id) {
        id -> BigInt,
        round_id -> BigInt,
        unit_id -> BigInt,
        candidate_id -> BigInt,
        status -> Text,
        category -> Nullable<Text>,
        birth_date -> Nullable<Date>,
        education -> Nullable<Text>,
        title_level -> Nullable<Text>,
        skill_level -> Nullable<Text>,
        specialty -> Nullable<Text>,
        city_work_start_date -> Nullable<Date>,
        from_outside_city -> Bool,
        skills_award -> Nullable<Text>,
        honours -> Text,
        achievements -> Nullable<Text>,
        unit_opinion -> Nullable<Text>,
        outstanding_exception -> Bool,
        exception_justification -> Nullable<Text>,
        qualification_justification -> Nullable<Text>,
        warnings -> Text,
        return_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        decision_reason -> Nullable<Text>,
        signed_by -> Nullable<Text>,
        signed_on -> Nullable<Date>,
        decided_at -> Nullable<Timestamp>,
        score_exception_reason -> Nullable<Text>,
        score_exception_scores -> Nullable<Integer>,
    }
}

diesel::table! {
    round_reviewers (id) {
        id -> BigInt,
        round_id -> BigInt,
        reviewer_id -> BigInt,
        category -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    review_scores (id) {
        id -> BigInt,
        nomination_id -> BigInt,
        reviewer_id -> BigInt,
        score -> Integer,
        recommendation -> Text,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    notice_objections (id) {
        id -> BigInt,
        nomination_id -> BigInt,
        content -> Text,
        outcome -> Nullable<Text>,
        outcome_reason -> Nullable<Text>,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mentors (id) {
        id -> BigInt,
        user_id -> BigInt,
        round_id -> Nullable<BigInt>,
        nomination_id -> Nullable<BigInt>,
        unit_id -> BigInt,
        category -> Text,
        certificate_no -> Text,
        appointed_on -> Date,
        term_ends_on -> Date,
        status -> Text,
        status_reason -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        revoked_on -> Nullable<Date>,
        revoked_assessment_id -> Nullable<BigInt>,
        source -> Text,
    }
}

diesel::table! {
    contracts (id) {
        id -> BigInt,
        mentor_entry_id -> BigInt,
        mentor_user_id -> BigInt,
        unit_id -> BigInt,
        status -> Text,
        start_date -> Date,
        cycle_months -> Integer,
        end_date -> Date,
        version -> Integer,
        mentor_signed_at -> Nullable<Timestamp>,
        active_mentor_lock -> Nullable<BigInt>,
        end_reason -> Nullable<Text>,
        created_by -> BigInt,
        activated_at -> Nullable<Timestamp>,
        ended_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        source -> Text,
    }
}

diesel::table! {
    contract_indicators (id) {
        id -> BigInt,
        contract_id -> BigInt,
        kind -> Text,
        description -> Text,
        yearly_target -> Integer,
        measure -> Text,
    }
}

diesel::table! {
    contract_mentees (id) {
        id -> BigInt,
        contract_id -> BigInt,
        mentee_user_id -> BigInt,
        justification -> Nullable<Text>,
        joined_on -> Nullable<Date>,
        signed_at -> Nullable<Timestamp>,
        left_on -> Nullable<Date>,
        leave_reason -> Nullable<Text>,
        leave_note -> Nullable<Text>,
        active_mentee_lock -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    activities (id) {
        id -> BigInt,
        contract_id -> BigInt,
        kind -> Text,
        title -> Text,
        held_on -> Date,
        minutes -> Integer,
        place -> Nullable<Text>,
        summary -> Nullable<Text>,
        locked -> Bool,
        logged_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    activity_attendance (id) {
        id -> BigInt,
        activity_id -> BigInt,
        mentee_user_id -> BigInt,
        status -> Text,
        note -> Nullable<Text>,
        responded_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    training_plans (id) {
        id -> BigInt,
        contract_id -> BigInt,
        mentee_user_id -> BigInt,
        status -> Text,
        content -> Text,
        version -> Integer,
        review_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        reviewed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_versions (id) {
        id -> BigInt,
        plan_id -> BigInt,
        version -> Integer,
        content -> Text,
        submitted_at -> Timestamp,
    }
}

diesel::table! {
    milestone_reports (id) {
        id -> BigInt,
        plan_id -> BigInt,
        milestone_index -> Integer,
        note -> Text,
        reported_at -> Timestamp,
    }
}

diesel::table! {
    assessment_rounds (id) {
        id -> BigInt,
        year -> Integer,
        opens_on -> Date,
        closes_on -> Date,
        objection_days -> Integer,
        consequence -> Text,
        rectification_days -> Integer,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assessments (id) {
        id -> BigInt,
        round_id -> BigInt,
        kind -> Text,
        follows_id -> Nullable<BigInt>,
        mentor_entry_id -> BigInt,
        mentor_user_id -> BigInt,
        unit_id -> BigInt,
        contract_id -> Nullable<BigInt>,
        period_from -> Date,
        period_to -> Date,
        status -> Text,
        grade -> Nullable<Text>,
        suggested_grade -> Nullable<Text>,
        overall_comment -> Nullable<Text>,
        indicator_comments -> Text,
        evidence -> Nullable<Text>,
        return_reason -> Nullable<Text>,
        submitted_by -> Nullable<BigInt>,
        submitted_at -> Nullable<Timestamp>,
        confirmed_by -> Nullable<BigInt>,
        confirmed_at -> Nullable<Timestamp>,
        confirmations -> Integer,
        objection_deadline -> Nullable<Date>,
        consequence -> Nullable<Text>,
        consequence_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    assessment_objections (id) {
        id -> BigInt,
        assessment_id -> BigInt,
        confirmation -> Integer,
        mentor_user_id -> BigInt,
        content -> Text,
        status -> Text,
        decision_reason -> Nullable<Text>,
        decided_by -> Nullable<BigInt>,
        filed_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    benefits (id) {
        id -> BigInt,
        kind -> Text,
        mentor_entry_id -> BigInt,
        mentor_user_id -> BigInt,
        unit_id -> BigInt,
        year -> Nullable<Integer>,
        status -> Text,
        open_key -> Nullable<Text>,
        note -> Nullable<Text>,
        decision_reason -> Nullable<Text>,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        details -> Text,
        issued_by -> Nullable<BigInt>,
        issued_at -> Nullable<Timestamp>,
        valid_from -> Nullable<Date>,
        valid_until -> Nullable<Date>,
        end_reason -> Nullable<Text>,
        ended_at -> Nullable<Timestamp>,
        return_by -> Nullable<Date>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    benefit_quotas (id) {
        id -> BigInt,
        year -> Integer,
        kind -> Text,
        quota -> Integer,
        used -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    evidence_files (owner_kind, id) {
        owner_kind -> Text,
        id -> BigInt,
        owner_id -> BigInt,
        sha256 -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

diesel::joinable!(users -> units (unit_id));
diesel::joinable!(assessments -> assessment_rounds (round_id));
diesel::joinable!(round_quotas -> selection_rounds (round_id));
diesel::joinable!(nominations -> selection_rounds (round_id));
diesel::joinable!(account_tokens -> users (user_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(audit_events -> users (actor_id));

diesel::allow_tables_to_appear_in_same_query!(
    units,
    users,
    user_roles,
    audit_events,
    email_outbox,
    account_tokens,
    job_runs,
    selection_rounds,
    round_quotas,
    nominations,
    round_reviewers,
    review_scores,
    notice_objections,
    mentors,
    contracts,
    contract_indicators,
    contract_mentees,
    activities,
    activity_attendance,
    training_plans,
    plan_versions,
    milestone_reports,
    assessment_rounds,
    assessments,
    assessment_objections,
    benefits,
    benefit_quotas,
    evidence_files
);
