-- The three tables again, each with its kind's files under their ids.
CREATE TABLE nomination_files (
    id             INTEGER PRIMARY KEY NOT NULL,
    nomination_id  BIGINT NOT NULL REFERENCES nominations (id),
    sha256         TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    content_type   TEXT NOT NULL,
    size_bytes     BIGINT NOT NULL,
    uploaded_by    BIGINT NOT NULL REFERENCES users (id),
    uploaded_at    TIMESTAMP NOT NULL
);
CREATE INDEX nomination_files_nomination_idx ON nomination_files (nomination_id);

CREATE TABLE activity_files (
    id            INTEGER PRIMARY KEY NOT NULL,
    activity_id   BIGINT NOT NULL REFERENCES activities (id),
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX activity_files_activity_idx ON activity_files (activity_id);

CREATE TABLE objection_files (
    id            INTEGER PRIMARY KEY NOT NULL,
    objection_id  BIGINT NOT NULL REFERENCES assessment_objections (id),
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL
);
CREATE INDEX objection_files_objection_idx ON objection_files (objection_id);

INSERT INTO nomination_files (id, nomination_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM evidence_files WHERE owner_kind = 'nomination';
INSERT INTO activity_files (id, activity_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM evidence_files WHERE owner_kind = 'activity';
INSERT INTO objection_files (id, objection_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM evidence_files WHERE owner_kind = 'objection';

DROP TABLE evidence_files;
