-- Enquiries through social media (seed 004, "Facebook"): registered, never
-- cases, and answered with guidance to another channel. No personal data:
-- what about, where and when, and who in the office answered.
CREATE TABLE enquiries (
  id uuid PRIMARY KEY,
  platform text NOT NULL CHECK (platform IN ('facebook', 'instagram', 'linkedin', 'x', 'tiktok', 'other')),
  topic text NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  variant text NOT NULL CHECK (variant IN ('da', 'en', 'da-easy')),
  created_at timestamptz NOT NULL,
  recorded_by text NOT NULL,
  guidance_subject text NOT NULL,
  guidance_sha256 text NOT NULL CHECK (guidance_sha256 ~ '^[0-9a-f]{64}$')
);
CREATE INDEX enquiries_newest ON enquiries (created_at DESC, id DESC);
