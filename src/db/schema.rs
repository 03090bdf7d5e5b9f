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

diesel::joinable!(users -> units (unit_id));
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
    job_runs
);
