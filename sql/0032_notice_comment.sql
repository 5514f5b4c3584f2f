-- What a department says when it acknowledges a notice: on a
-- pre-publication notice, its comment on the text to be published, which
-- the office reads before approving. The first acknowledgement's stands.
ALTER TABLE notices ADD COLUMN acknowledge_comment text
  CHECK (acknowledge_comment IS NULL OR length(acknowledge_comment) BETWEEN 1 AND 5000);
