-- The 27 bundled rules (rules/*/*.yaml), written by hand as plain SQL for DuckDB, for the audit date
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
--   required_from (separate consent)       2026-04-22 00:00:00+00
--   as_of - days(30)          (report_days) 2026-10-02 00:00:00+00  (as for grace_days)
-- Every rule's applies_from (2023-07-19, 2026-04-22) is on or before as_of: all are in force.
-- A duration on a field is exactly N * 86400 seconds: compared on epoch seconds, which does not
-- depend on the session time zone:
--   as_of - days(c.max_age_days)   epoch(as_of) - c.max_age_days * 86400
--                                  (max_age_days from the retention_policies table)
--   i.detected_at + days(30)       epoch(i.detected_at) + 30 * 86400
--   a.accessed_at - days(1)        a window over epoch(accessed_at), 86399 seconds preceding
--                                  (the export's timestamps are whole seconds, as lethe's are)
-- count(distinct b.account_id, ...) is COUNT(DISTINCT b.account_id): NULLs are not counted.
-- trim() removes spaces only, in DuckDB as in lethe.
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
-- amazon.inactive-child-profile-recording
SELECT 'amazon.inactive-child-profile-recording', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
    SELECT 1 FROM child_profiles p
    WHERE p.profile_id = r.profile_id
      AND p.last_active_at < TIMESTAMPTZ '2025-01-31 00:00:00+00'
      AND NOT coalesce(p.keep_requested, false))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = r.account_id
      AND (h.profile_id IS NULL OR h.profile_id = r.profile_id)
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
-- amazon.transcript-of-deleted-recording
SELECT 'amazon.transcript-of-deleted-recording', t.transcript_id
FROM transcripts t
WHERE t.recording_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM voice_recordings r WHERE r.recording_id = t.recording_id)
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
-- amazon.voiceprint-after-deletion-request
SELECT 'amazon.voiceprint-after-deletion-request', b.template_id
FROM biometric_templates b
WHERE b.kind = 'voiceprint'
  AND EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE d.account_id = b.account_id
      AND (d.profile_id IS NULL OR d.profile_id = b.profile_id)
      AND d.scope IN ('voice', 'all')
      AND d.requested_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
      AND b.created_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = b.account_id
      AND (h.profile_id IS NULL OR h.profile_id = b.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.child-biometric-without-consent
SELECT 'coppa.child-biometric-without-consent', b.template_id
FROM biometric_templates b
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE c.profile_id = b.profile_id
    AND (c.consent_at IS NULL OR c.consent_at > b.created_at))

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
-- coppa.child-geolocation-beyond-retention-policy
SELECT 'coppa.child-geolocation-beyond-retention-policy', g.location_id
FROM geolocations g
WHERE g.profile_id IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'geolocations'
      AND c.max_age_days IS NOT NULL
      AND epoch(g.captured_at) < epoch(TIMESTAMPTZ '2026-11-01 00:00:00+00') - c.max_age_days * 86400)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = g.account_id
      AND (h.profile_id IS NULL OR h.profile_id = g.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.child-geolocation-without-consent
SELECT 'coppa.child-geolocation-without-consent', g.location_id
FROM geolocations g
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE c.profile_id = g.profile_id
    AND (c.consent_at IS NULL OR c.consent_at > g.captured_at))

UNION ALL
-- coppa.child-recording-without-consent
SELECT 'coppa.child-recording-without-consent', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE c.profile_id = r.profile_id
    AND (c.consent_at IS NULL OR c.consent_at > r.recorded_at))

UNION ALL
-- coppa.child-transcript-beyond-retention-policy
SELECT 'coppa.child-transcript-beyond-retention-policy', t.transcript_id
FROM transcripts t
WHERE t.profile_id IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'transcripts'
      AND c.max_age_days IS NOT NULL
      AND epoch(t.created_at) < epoch(TIMESTAMPTZ '2026-11-01 00:00:00+00') - c.max_age_days * 86400)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = t.account_id
      AND (h.profile_id IS NULL OR h.profile_id = t.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.disclosure-without-separate-consent
SELECT 'coppa.disclosure-without-separate-consent', x.disclosure_id
FROM disclosures x
WHERE EXISTS (SELECT 1 FROM child_profiles c WHERE c.profile_id = x.profile_id)
  AND NOT coalesce(x.integral_to_service, false)
  AND x.disclosed_at >= TIMESTAMPTZ '2026-04-22 00:00:00+00'
  AND (x.consent_at IS NULL OR x.consent_at > x.disclosed_at)

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
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = r.account_id
      AND (h.profile_id IS NULL OR h.profile_id = r.profile_id)
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- coppa.retention-policy-incomplete
SELECT 'coppa.retention-policy-incomplete', c.category
FROM retention_policies c
WHERE c.category IN ('voice_recordings', 'transcripts', 'geolocations', 'child_profiles')
  AND (coalesce(trim(c.purpose), '') = ''
       OR coalesce(trim(c.business_need), '') = ''
       OR c.published_at IS NULL OR c.published_at > TIMESTAMPTZ '2026-11-01 00:00:00+00')

UNION ALL
-- ring.account-without-mfa
SELECT 'ring.account-without-mfa', a.account_id
FROM accounts a
WHERE NOT coalesce(a.mfa_enabled, false) AND a.closed_at IS NULL

UNION ALL
-- ring.data-product-from-pre-2018-video
SELECT 'ring.data-product-from-pre-2018-video', x.example_id
FROM training_examples x
WHERE x.source_dataset IN ('videos', 'face_embeddings')
  AND (x.source_captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
       OR (x.source_dataset = 'videos'
           AND EXISTS (SELECT 1 FROM videos v
                       WHERE v.video_id = x.source_id
                         AND v.captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'))
       OR (x.source_dataset = 'face_embeddings'
           AND EXISTS (SELECT 1 FROM face_embeddings f
                       WHERE f.embedding_id = x.source_id
                         AND (f.created_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
                              OR f.video_captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
                              OR EXISTS (SELECT 1 FROM videos w
                                         WHERE w.video_id = f.video_id
                                           AND w.captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00')))))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.account_id = x.account_id AND h.profile_id IS NULL
      AND h.placed_at <= TIMESTAMPTZ '2026-11-01 00:00:00+00'
      AND (h.released_at IS NULL OR h.released_at > TIMESTAMPTZ '2026-11-01 00:00:00+00'))

UNION ALL
-- ring.data-product-from-unauthorized-review
SELECT 'ring.data-product-from-unauthorized-review', x.example_id
FROM training_examples x
WHERE x.source_dataset = 'videos'
  AND EXISTS (
    SELECT 1 FROM video_access_log a
    WHERE a.video_id = x.source_id
      AND NOT coalesce(a.customer_consent, false)
      AND (a.purpose IS NULL OR a.purpose NOT IN ('legal_compliance', 'security_incident')))

UNION ALL
-- ring.excessive-video-access
SELECT 'ring.excessive-video-access', w.access_id
FROM (
  -- count(distinct b.account_id, ...) over the same actor's accesses b with
  -- a.accessed_at - days(1) < b.accessed_at <= a.accessed_at, as a window: on whole epoch seconds
  -- the frame is 86399 preceding (the lower end is exclusive) to the current row and its peers
  -- (accesses at the same second); NULL account_ids are not counted. Accesses without an actor or
  -- a time are neither counted nor findings (every comparison with them is unknown).
  SELECT a.access_id,
         count(DISTINCT a.account_id) OVER (
           PARTITION BY a.actor_id ORDER BY epoch(a.accessed_at)
           RANGE BETWEEN 86399 PRECEDING AND CURRENT ROW) AS accounts
  FROM video_access_log a
  WHERE a.actor_id IS NOT NULL AND a.accessed_at IS NOT NULL) w
WHERE w.accounts > 20

UNION ALL
-- ring.pre-2018-face-embedding
SELECT 'ring.pre-2018-face-embedding', f.embedding_id
FROM face_embeddings f
WHERE (f.created_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
       OR f.video_captured_at < TIMESTAMPTZ '2018-01-01 00:00:00+00'
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
-- ring.unreported-security-incident
SELECT 'ring.unreported-security-incident', i.incident_id
FROM security_incidents i
WHERE i.kind IN ('unauthorized_video_access', 'account_takeover')
  AND i.detected_at <= TIMESTAMPTZ '2026-10-02 00:00:00+00'
  AND (i.reported_at IS NULL OR epoch(i.reported_at) > epoch(i.detected_at) + 30 * 86400)

UNION ALL
-- ring.video-access-without-consent
SELECT 'ring.video-access-without-consent', a.access_id
FROM video_access_log a
WHERE NOT coalesce(a.customer_consent, false)
  AND (a.purpose IS NULL OR a.purpose NOT IN ('legal_compliance', 'security_incident'));
