-- The complaint form's documents step (issue 29): files a citizen adds
-- before the complaint is sent, kept with the draft (by the id its case
-- will get) and checked, typed and scanned as every upload is. Their bytes
-- are in the content store (document_contents), never in this row. When
-- the complaint is sent they become the case's documents and these rows
-- and bytes go; an expired draft's go with it. No cascade: the store
-- erases each file's bytes itself, so a draft with files is never deleted
-- around them.
CREATE TABLE complaint_form_files (
  id uuid PRIMARY KEY,
  draft_case_id uuid NOT NULL REFERENCES complaint_form_drafts (case_id),
  title text NOT NULL CHECK (length(title) <= 800),
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 1020),
  media_type text NOT NULL CHECK (length(media_type) <= 255),
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  content_id bigint NOT NULL REFERENCES document_contents (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX complaint_form_files_by_draft ON complaint_form_files (draft_case_id, created_at);
