-- Evidence files of logged activities (stored by content hash, like nominations' files).
CREATE TABLE activity_files (
    id            BIGSERIAL PRIMARY KEY,
    activity_id   BIGINT NOT NULL REFERENCES activities (id),
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX activity_files_activity_idx ON activity_files (activity_id);
