-- A transition's free texts (its reason and input: a department's answer, a
-- draft, what a caseworker wrote) are kept aside from the event, which
-- carries their SHA-256 (payload.detailsDigest) inside its chained hash.
-- Pseudonymising a closed case deletes the details; the chain still
-- verifies, and verification tells an erased detail from an edited one.
CREATE TABLE complaint_event_details (
  complaint_id uuid NOT NULL,
  seq integer NOT NULL,
  details json NOT NULL,
  PRIMARY KEY (complaint_id, seq),
  FOREIGN KEY (complaint_id, seq) REFERENCES complaint_events (complaint_id, seq)
);
-- Details are written once and erased, never changed.
REVOKE UPDATE, TRUNCATE ON complaint_event_details FROM ombudsflow_server;
