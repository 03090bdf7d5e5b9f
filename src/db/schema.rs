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

diesel::joinable!(users -> units (unit_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(audit_events -> users (actor_id));

diesel::allow_tables_to_appear_in_same_query!(units, users, user_roles, audit_events);
