-- Retention: when a closed case's personal data was removed. Statistics
-- (department, dates, outcomes) stay; see engine/core/workflow/pseudonymisation.
ALTER TABLE complaints ADD COLUMN pseudonymised_at timestamptz;
