-- One table for every evidence file, whoever owns it: a nomination, a logged activity or an
-- assessment objection. A file keeps the id it had in its owner kind's old table (the API shows
-- it and downloads by it), so the key is the owner kind with the id; a new file takes the next id
-- above every kind's. The owner is not a foreign key: it names one of three tables.
CREATE TABLE evidence_files (
    owner_kind    TEXT NOT NULL CHECK (owner_kind IN ('nomination', 'activity', 'objection')),
    id            BIGINT NOT NULL,
    owner_id      BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    uploaded_by   BIGINT NOT NULL REFERENCES users (id),
    uploaded_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (owner_kind, id)
);
CREATE INDEX evidence_files_owner_idx ON evidence_files (owner_kind, owner_id);

INSERT INTO evidence_files (owner_kind, id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT 'nomination', id, nomination_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM nomination_files;
INSERT INTO evidence_files (owner_kind, id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT 'activity', id, activity_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM activity_files;
INSERT INTO evidence_files (owner_kind, id, owner_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at)
SELECT 'objection', id, objection_id, sha256, file_name, content_type, size_bytes, uploaded_by, uploaded_at
FROM objection_files;

DROP TABLE nomination_files;
DROP TABLE activity_files;
DROP TABLE objection_files;
