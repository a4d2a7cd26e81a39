-- The 14 bundled rules (rules/*/*.yaml), written by hand as plain SQL for DuckDB, for the audit date
-- (as_of) 2026-11-01T00:00:00Z and the rules' default parameters.
--
-- Tables are the canonical datasets read by bench/duckdb.mjs with read_csv(..., auto_detect = true):
-- empty values are NULL, timestamps TIMESTAMP WITH TIME ZONE, booleans BOOLEAN, max_age_days BIGINT,
-- so the rules' SQL three-valued logic carries over as written. Booleans that are empty take the
-- schema default (false): `not b` is NOT coalesce(b, false).
--
-- Constants for as_of 2026-11-01, computed by hand:
--   as_of                                  2026-11-01 00:00:00+00
--   as_of - days(30)          (grace_days)  2026-10-02 00:00:00+00  (Nov 1 - 1 day = Oct 31, - 29 = Oct 2)
--   as_of - months(18) - days(90)          2025-01-31 00:00:00+00  (2025-05-01 - 90 days: 30 + 31 + 28 = 89
--                                                                    days back is Feb 1, one more Jan 31)
--   cutoff (Ring)                          2018-01-01 00:00:00+00
-- Every rule's applies_from (2023-07-19, 2026-04-22) is on or before as_of: all are in force.
-- `days(c.max_age_days)` on a field is exactly max_age_days * 86400 seconds: compared on epoch
-- seconds, which does not depend on the session time zone.
-- Each query returns (rule_id, key): the rule and the key of its `from` row.

-- amazon.deleted-data-in-training-set
SELECT 'amazon.deleted-data-in-training-set' AS rule_id, x.example_id AS key
FROM training_examples x
WHERE EXISTS (
  SELECT 1 FROM deletion_requests d
  WHERE d.account_id = x.account_id
    AND (d.profile_id IS NULL OR d.profile_id = x.profile_id)
    AND d.requested_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
    AND ((x.source_dataset = 'voice_recordings' AND d.scope IN ('voice', 'all'))
         OR (x.source_dataset = 'transcripts' AND d.scope IN ('voice', 'transcripts', 'all'))
         OR (x.source_dataset = 'geolocations' AND d.scope IN ('geolocation', 'all'))
         OR (x.source_dataset IN ('videos', 'face_embeddings') AND d.scope IN ('video', 'all'))
         OR (coalesce(x.source_dataset, '') NOT IN ('voice_recordings', 'transcripts', 'geolocations',
                                                     'videos', 'face_embeddings')
             AND d.scope = 'all'))
    AND (d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
         OR x.added_at >= d.requested_at))

UNION ALL
-- amazon.deletion-request-overdue
SELECT 'amazon.deletion-request-overdue', d.request_id
FROM deletion_requests d
WHERE d.completed_at IS NULL
  AND d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = d.account_id
      AND (h.profile_id IS NULL OR h.profile_id = d.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- amazon.geolocation-after-deletion-request
SELECT 'amazon.geolocation-after-deletion-request', g.location_id
FROM geolocations g
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE d.account_id = g.account_id
      AND (d.profile_id IS NULL OR d.profile_id = g.profile_id)
      AND d.scope IN ('geolocation', 'all')
      AND d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
      AND g.captured_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = g.account_id
      AND (h.profile_id IS NULL OR h.profile_id = g.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- amazon.inactive-child-profile
SELECT 'amazon.inactive-child-profile', p.profile_id
FROM child_profiles p
WHERE p.last_active_at < TIMESTAMPTZ '2025-01-31 00:00:00+00'
  AND NOT coalesce(p.keep_requested, false)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = p.account_id
      AND (h.profile_id IS NULL OR h.profile_id = p.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- amazon.transcript-after-deletion-request
SELECT 'amazon.transcript-after-deletion-request', t.transcript_id
FROM transcripts t
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE d.account_id = t.account_id
      AND (d.profile_id IS NULL OR d.profile_id = t.profile_id)
      AND d.scope IN ('voice', 'transcripts', 'all')
      AND d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
      AND t.created_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = t.account_id
      AND (h.profile_id IS NULL OR h.profile_id = t.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- amazon.voice-recording-after-deletion-request
SELECT 'amazon.voice-recording-after-deletion-request', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE d.account_id = r.account_id
      AND (d.profile_id IS NULL OR d.profile_id = r.profile_id)
      AND d.scope IN ('voice', 'all')
      AND d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
      AND r.recorded_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = r.account_id
      AND (h.profile_id IS NULL OR h.profile_id = r.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.child-data-beyond-retention-policy
SELECT 'coppa.child-data-beyond-retention-policy', r.recording_id
FROM voice_recordings r
WHERE r.profile_id IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'voice_recordings'
      AND c.max_age_days IS NOT NULL
      AND epoch(r.recorded_at) < epoch(TIMESTAMPTZ '2026-11-01 00:00:00+00') - c.max_age_days * 86400)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = r.account_id
      AND (h.profile_id IS NULL OR h.profile_id = r.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.child-recording-without-consent
SELECT 'coppa.child-recording-without-consent', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE c.profile_id = r.profile_id
    AND (c.consent_at IS NULL OR c.consent_at > r.recorded_at))

UNION ALL
-- coppa.indefinite-retention-policy
SELECT 'coppa.indefinite-retention-policy', c.category
FROM retention_policies c
WHERE c.category IN ('voice_recordings', 'transcripts', 'geolocations', 'child_profiles')
  AND c.max_age_days IS NULL

UNION ALL
-- coppa.orphaned-child-voice-recording
SELECT 'coppa.orphaned-child-voice-recording', r.recording_id
FROM voice_recordings r
WHERE r.profile_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM child_profiles c WHERE c.profile_id = r.profile_id)

UNION ALL
-- ring.account-without-mfa
SELECT 'ring.account-without-mfa', a.account_id
FROM accounts a
WHERE NOT coalesce(a.mfa_enabled, false) AND a.closed_at IS NULL

UNION ALL
-- ring.pre-2018-face-embedding
SELECT 'ring.pre-2018-face-embedding', f.embedding_id
FROM face_embeddings f
WHERE (f.created_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
       OR EXISTS (SELECT 1 FROM videos v
                  WHERE v.video_id = f.video_id
                    AND v.captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = f.account_id AND h.profile_id IS NULL
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- ring.pre-2018-video
SELECT 'ring.pre-2018-video', v.video_id
FROM videos v
WHERE v.captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = v.account_id AND h.profile_id IS NULL
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- ring.video-access-without-consent
SELECT 'ring.video-access-without-consent', a.access_id
FROM video_access_log a
WHERE NOT coalesce(a.customer_consent, false)
  AND (a.purpose IS NULL OR a.purpose NOT IN ('legal_compliance', 'security_incident'));
