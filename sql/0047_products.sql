-- The office's communication products (issue 30): besides the newsletter,
-- press releases, KlarRet editions and the annual report share its
-- lifecycle (each kind its own workflow, all under the release guards) and
-- its sending. A product goes to the subscribers, to distribution lists the
-- office keeps, or to both.

ALTER TABLE newsletter_issues
  ADD COLUMN kind text NOT NULL DEFAULT 'newsletter'
    CHECK (kind IN ('newsletter', 'press_release', 'klarret', 'annual_report')),
  ADD COLUMN to_subscribers boolean NOT NULL DEFAULT true,
  -- The period a KlarRet edition or an annual report covers, both days
  -- included; null for the others.
  ADD COLUMN period_from date,
  ADD COLUMN period_to date,
  ADD CONSTRAINT newsletter_issues_period CHECK ((period_from IS NULL) = (period_to IS NULL) AND period_from <= period_to);
-- Each kind is numbered on its own: press release 3 beside newsletter 12.
ALTER TABLE newsletter_issues DROP CONSTRAINT newsletter_issues_number_key;
ALTER TABLE newsletter_issues ADD CONSTRAINT newsletter_issues_kind_number UNIQUE (kind, number);

-- Named lists of people the office sends to: the departments' directors and
-- press officers, the intranet editors, the Borgerrådgiverudvalget, the
-- network of other borgerrådgivere, the press. Professional addresses, kept
-- by the office; a member removed is deleted.
CREATE TABLE distribution_lists (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);
CREATE TABLE distribution_list_members (
  id uuid PRIMARY KEY,
  list_id uuid NOT NULL REFERENCES distribution_lists (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254 AND email = lower(email)),
  organisation text NOT NULL DEFAULT '' CHECK (length(organisation) <= 200),
  added_at timestamptz NOT NULL,
  added_by text NOT NULL,
  UNIQUE (list_id, email)
);

-- The lists a product goes to.
CREATE TABLE product_lists (
  issue_id uuid NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
  list_id uuid NOT NULL REFERENCES distribution_lists (id),
  PRIMARY KEY (issue_id, list_id)
);

-- A delivery goes to a subscriber (whose address leaves with them) or to a
-- list member's address as it was when the product was released. Each
-- delivery is one row with an id of its own; the rules of claiming and
-- marking are unchanged.
ALTER TABLE newsletter_deliveries DROP CONSTRAINT newsletter_deliveries_pkey;
ALTER TABLE newsletter_deliveries
  ADD COLUMN id bigserial PRIMARY KEY,
  ALTER COLUMN subscriber_id DROP NOT NULL,
  ADD COLUMN email text CHECK (length(email) BETWEEN 3 AND 254),
  ADD CONSTRAINT newsletter_deliveries_one_recipient CHECK ((subscriber_id IS NULL) <> (email IS NULL));
CREATE UNIQUE INDEX newsletter_deliveries_issue_subscriber ON newsletter_deliveries (issue_id, subscriber_id)
  WHERE subscriber_id IS NOT NULL;
CREATE UNIQUE INDEX newsletter_deliveries_issue_email ON newsletter_deliveries (issue_id, email)
  WHERE email IS NOT NULL;

-- A product's document as published (KlarRet, the annual report): the HTML
-- page and its PDF/UA, rendered once it is released.
CREATE TABLE product_documents (
  issue_id uuid PRIMARY KEY REFERENCES newsletter_issues (id),
  html text NOT NULL,
  pdf bytea,
  rendered_at timestamptz,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text
);
CREATE INDEX product_documents_waiting ON product_documents (issue_id) WHERE pdf IS NULL;
