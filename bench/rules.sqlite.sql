-- The 27 bundled rules (rules/*/*.yaml), written by hand as plain SQL for the sqlite3 CLI, for the
-- audit date (as_of) 2026-11-01T00:00:00Z and the rules' default parameters.
--
-- Tables are the canonical datasets imported with `.import --csv` from bench/gen's export: every
-- column is TEXT exactly as in the CSV, so
--   * null is the empty string '': each `x is null` is `x = ''`, and every comparison or join that
--     SQL would make unknown on a null is guarded with `x <> ''` (in particular '' = '' must not
--     join two rows whose account_id or profile_id are both missing);
--   * timestamps are ISO 8601 UTC text of one fixed shape (2025-05-01T12:00:00Z, 20 characters),
--     so comparing two of them, or one with a literal of the same shape, as text is exact to the
--     second;
--   * booleans are 'true', 'false' or '' (empty: the schema default, false): `not b` is b <> 'true'.
--
-- Constants for as_of 2026-11-01, computed by hand:
--   as_of                                  2026-11-01T00:00:00Z
--   as_of - days(30)          (grace_days)  2026-10-02T00:00:00Z  (Nov 1 - 1 day = Oct 31, - 29 = Oct 2)
--   as_of - months(18) - days(90)          2025-01-31T00:00:00Z  (2025-05-01 - 90 days: 30 + 31 + 28 = 89
--                                                                  days back is Feb 1, one more Jan 31)
--   cutoff (Ring)                          2018-01-01T00:00:00Z
--   required_from (separate consent)       2026-04-22T00:00:00Z
--   as_of - days(30)          (report_days) 2026-10-02T00:00:00Z  (as for grace_days)
-- Every rule's applies_from (2023-07-19, 2026-04-22) is on or before as_of: all are in force.
-- Durations on a field are computed with SQLite's date arithmetic ('-N days' and '+N days' move by
-- exactly N * 86400 seconds: no time zone is involved) and formatted back into the same ISO shape:
--   as_of - days(c.max_age_days)   strftime(..., '2026-11-01 00:00:00', printf('-%d days', c.max_age_days))
--                                  (max_age_days from the retention_policies table)
--   i.detected_at + days(30)       strftime(..., i.detected_at, '+30 days')
--   a.accessed_at - days(1)        strftime(..., a.accessed_at, '-1 days')
-- count(distinct b.account_id, ...) is count(DISTINCT NULLIF(b.account_id, '')): nulls are not
-- counted. trim() removes spaces only, in SQLite as in lethe.
-- Each query returns (rule_id, key): the rule and the key of its `from` row.

-- amazon.deleted-data-in-training-set
SELECT 'amazon.deleted-data-in-training-set' AS rule_id, x.example_id AS key
FROM training_examples x
WHERE EXISTS (
  SELECT 1 FROM deletion_requests d
  WHERE x.account_id <> '' AND d.account_id = x.account_id
    AND (d.profile_id = '' OR d.profile_id = x.profile_id)
    AND d.requested_at <> '' AND d.requested_at <= '2026-11-01T00:00:00Z'
    AND ((x.source_dataset = 'voice_recordings' AND d.scope IN ('voice', 'all'))
         OR (x.source_dataset = 'transcripts' AND d.scope IN ('voice', 'transcripts', 'all'))
         OR (x.source_dataset = 'geolocations' AND d.scope IN ('geolocation', 'all'))
         OR (x.source_dataset IN ('videos', 'face_embeddings') AND d.scope IN ('video', 'all'))
         -- coalesce(x.source_dataset, '') not in (...): a null source is '' here already
         OR (x.source_dataset NOT IN ('voice_recordings', 'transcripts', 'geolocations', 'videos',
                                      'face_embeddings')
             AND d.scope = 'all'))
    AND (d.requested_at <= '2026-10-02T00:00:00Z'
         OR (x.added_at <> '' AND x.added_at >= d.requested_at)))

UNION ALL
-- amazon.deletion-request-overdue
SELECT 'amazon.deletion-request-overdue', d.request_id
FROM deletion_requests d
WHERE d.completed_at = ''
  AND d.requested_at <> '' AND d.requested_at <= '2026-10-02T00:00:00Z'
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE d.account_id <> '' AND h.account_id = d.account_id
      AND (h.profile_id = '' OR h.profile_id = d.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.geolocation-after-deletion-request
SELECT 'amazon.geolocation-after-deletion-request', g.location_id
FROM geolocations g
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE g.account_id <> '' AND d.account_id = g.account_id
      AND (d.profile_id = '' OR d.profile_id = g.profile_id)
      AND d.scope IN ('geolocation', 'all')
      AND d.requested_at <> '' AND d.requested_at <= '2026-10-02T00:00:00Z'
      AND g.captured_at <> '' AND g.captured_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE g.account_id <> '' AND h.account_id = g.account_id
      AND (h.profile_id = '' OR h.profile_id = g.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.inactive-child-profile
SELECT 'amazon.inactive-child-profile', p.profile_id
FROM child_profiles p
WHERE p.last_active_at <> '' AND p.last_active_at < '2025-01-31T00:00:00Z'
  AND p.keep_requested <> 'true'
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE p.account_id <> '' AND h.account_id = p.account_id
      AND (h.profile_id = '' OR h.profile_id = p.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.inactive-child-profile-recording
SELECT 'amazon.inactive-child-profile-recording', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
    SELECT 1 FROM child_profiles p
    WHERE r.profile_id <> '' AND p.profile_id = r.profile_id
      AND p.last_active_at <> '' AND p.last_active_at < '2025-01-31T00:00:00Z'
      AND p.keep_requested <> 'true')
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE r.account_id <> '' AND h.account_id = r.account_id
      AND (h.profile_id = '' OR h.profile_id = r.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.transcript-after-deletion-request
SELECT 'amazon.transcript-after-deletion-request', t.transcript_id
FROM transcripts t
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE t.account_id <> '' AND d.account_id = t.account_id
      AND (d.profile_id = '' OR d.profile_id = t.profile_id)
      AND d.scope IN ('voice', 'transcripts', 'all')
      AND d.requested_at <> '' AND d.requested_at <= '2026-10-02T00:00:00Z'
      AND t.created_at <> '' AND t.created_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE t.account_id <> '' AND h.account_id = t.account_id
      AND (h.profile_id = '' OR h.profile_id = t.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.transcript-of-deleted-recording
SELECT 'amazon.transcript-of-deleted-recording', t.transcript_id
FROM transcripts t
WHERE t.recording_id <> ''
  AND NOT EXISTS (SELECT 1 FROM voice_recordings r WHERE r.recording_id = t.recording_id)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE t.account_id <> '' AND h.account_id = t.account_id
      AND (h.profile_id = '' OR h.profile_id = t.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.voice-recording-after-deletion-request
SELECT 'amazon.voice-recording-after-deletion-request', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE r.account_id <> '' AND d.account_id = r.account_id
      AND (d.profile_id = '' OR d.profile_id = r.profile_id)
      AND d.scope IN ('voice', 'all')
      AND d.requested_at <> '' AND d.requested_at <= '2026-10-02T00:00:00Z'
      AND r.recorded_at <> '' AND r.recorded_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE r.account_id <> '' AND h.account_id = r.account_id
      AND (h.profile_id = '' OR h.profile_id = r.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- amazon.voiceprint-after-deletion-request
SELECT 'amazon.voiceprint-after-deletion-request', b.template_id
FROM biometric_templates b
WHERE b.kind = 'voiceprint'
  AND EXISTS (
    SELECT 1 FROM deletion_requests d
    WHERE b.account_id <> '' AND d.account_id = b.account_id
      AND (d.profile_id = '' OR d.profile_id = b.profile_id)
      AND d.scope IN ('voice', 'all')
      AND d.requested_at <> '' AND d.requested_at <= '2026-10-02T00:00:00Z'
      AND b.created_at <> '' AND b.created_at <= d.requested_at)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE b.account_id <> '' AND h.account_id = b.account_id
      AND (h.profile_id = '' OR h.profile_id = b.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- coppa.child-biometric-without-consent
SELECT 'coppa.child-biometric-without-consent', b.template_id
FROM biometric_templates b
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE b.profile_id <> '' AND c.profile_id = b.profile_id
    AND (c.consent_at = '' OR (b.created_at <> '' AND c.consent_at > b.created_at)))

UNION ALL
-- coppa.child-data-beyond-retention-policy
SELECT 'coppa.child-data-beyond-retention-policy', r.recording_id
FROM voice_recordings r
WHERE r.profile_id <> ''
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'voice_recordings'
      AND c.max_age_days <> ''
      AND r.recorded_at <> ''
      AND r.recorded_at < strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-01 00:00:00',
                                   printf('-%d days', c.max_age_days)))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE r.account_id <> '' AND h.account_id = r.account_id
      AND (h.profile_id = '' OR h.profile_id = r.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- coppa.child-geolocation-beyond-retention-policy
SELECT 'coppa.child-geolocation-beyond-retention-policy', g.location_id
FROM geolocations g
WHERE g.profile_id <> ''
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'geolocations'
      AND c.max_age_days <> ''
      AND g.captured_at <> ''
      AND g.captured_at < strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-01 00:00:00',
                                   printf('-%d days', c.max_age_days)))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE g.account_id <> '' AND h.account_id = g.account_id
      AND (h.profile_id = '' OR h.profile_id = g.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- coppa.child-geolocation-without-consent
SELECT 'coppa.child-geolocation-without-consent', g.location_id
FROM geolocations g
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE g.profile_id <> '' AND c.profile_id = g.profile_id
    AND (c.consent_at = '' OR (g.captured_at <> '' AND c.consent_at > g.captured_at)))

UNION ALL
-- coppa.child-recording-without-consent
SELECT 'coppa.child-recording-without-consent', r.recording_id
FROM voice_recordings r
WHERE EXISTS (
  SELECT 1 FROM child_profiles c
  WHERE r.profile_id <> '' AND c.profile_id = r.profile_id
    AND (c.consent_at = '' OR (r.recorded_at <> '' AND c.consent_at > r.recorded_at)))

UNION ALL
-- coppa.child-transcript-beyond-retention-policy
SELECT 'coppa.child-transcript-beyond-retention-policy', t.transcript_id
FROM transcripts t
WHERE t.profile_id <> ''
  AND EXISTS (
    SELECT 1 FROM retention_policies c
    WHERE c.category = 'transcripts'
      AND c.max_age_days <> ''
      AND t.created_at <> ''
      AND t.created_at < strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-01 00:00:00',
                                   printf('-%d days', c.max_age_days)))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE t.account_id <> '' AND h.account_id = t.account_id
      AND (h.profile_id = '' OR h.profile_id = t.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- coppa.disclosure-without-separate-consent
SELECT 'coppa.disclosure-without-separate-consent', x.disclosure_id
FROM disclosures x
WHERE EXISTS (SELECT 1 FROM child_profiles c WHERE x.profile_id <> '' AND c.profile_id = x.profile_id)
  AND x.integral_to_service <> 'true'
  AND x.disclosed_at <> '' AND x.disclosed_at >= '2026-04-22T00:00:00Z'
  AND (x.consent_at = '' OR x.consent_at > x.disclosed_at)

UNION ALL
-- coppa.indefinite-retention-policy
SELECT 'coppa.indefinite-retention-policy', c.category
FROM retention_policies c
WHERE c.category IN ('voice_recordings', 'transcripts', 'geolocations', 'child_profiles')
  AND c.max_age_days = ''

UNION ALL
-- coppa.orphaned-child-voice-recording
SELECT 'coppa.orphaned-child-voice-recording', r.recording_id
FROM voice_recordings r
WHERE r.profile_id <> ''
  AND NOT EXISTS (SELECT 1 FROM child_profiles c WHERE c.profile_id = r.profile_id)
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE r.account_id <> '' AND h.account_id = r.account_id
      AND (h.profile_id = '' OR h.profile_id = r.profile_id)
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- coppa.retention-policy-incomplete
SELECT 'coppa.retention-policy-incomplete', c.category
FROM retention_policies c
WHERE c.category IN ('voice_recordings', 'transcripts', 'geolocations', 'child_profiles')
  -- coalesce(trim(x), '') = '': a null is '' already; trim() removes spaces only, as lethe's does
  AND (trim(c.purpose) = ''
       OR trim(c.business_need) = ''
       OR c.published_at = '' OR c.published_at > '2026-11-01T00:00:00Z')

UNION ALL
-- ring.account-without-mfa
SELECT 'ring.account-without-mfa', a.account_id
FROM accounts a
WHERE a.mfa_enabled <> 'true' AND a.closed_at = ''

UNION ALL
-- ring.data-product-from-pre-2018-video
SELECT 'ring.data-product-from-pre-2018-video', x.example_id
FROM training_examples x
WHERE x.source_dataset IN ('videos', 'face_embeddings')
  AND ((x.source_captured_at <> '' AND x.source_captured_at < '2018-01-01T00:00:00Z')
       OR (x.source_dataset = 'videos'
           AND EXISTS (SELECT 1 FROM videos v
                       WHERE x.source_id <> '' AND v.video_id = x.source_id
                         AND v.captured_at <> '' AND v.captured_at < '2018-01-01T00:00:00Z'))
       OR (x.source_dataset = 'face_embeddings'
           AND EXISTS (SELECT 1 FROM face_embeddings f
                       WHERE x.source_id <> '' AND f.embedding_id = x.source_id
                         AND ((f.created_at <> '' AND f.created_at < '2018-01-01T00:00:00Z')
                              OR (f.video_captured_at <> ''
                                  AND f.video_captured_at < '2018-01-01T00:00:00Z')
                              OR EXISTS (SELECT 1 FROM videos w
                                         WHERE f.video_id <> '' AND w.video_id = f.video_id
                                           AND w.captured_at <> ''
                                           AND w.captured_at < '2018-01-01T00:00:00Z')))))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE x.account_id <> '' AND h.account_id = x.account_id AND h.profile_id = ''
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- ring.data-product-from-unauthorized-review
SELECT 'ring.data-product-from-unauthorized-review', x.example_id
FROM training_examples x
WHERE x.source_dataset = 'videos'
  AND EXISTS (
    SELECT 1 FROM video_access_log a
    WHERE x.source_id <> '' AND a.video_id = x.source_id
      AND a.customer_consent <> 'true'
      AND (a.purpose = '' OR a.purpose NOT IN ('legal_compliance', 'security_incident')))

UNION ALL
-- ring.excessive-video-access
SELECT 'ring.excessive-video-access', a.access_id
FROM video_access_log a
WHERE a.actor_id <> '' AND a.accessed_at <> ''
  -- the same actor's accesses in (a.accessed_at - days(1), a.accessed_at], through the index
  -- video_access_log(actor_id, accessed_at); count(DISTINCT) leaves '' (null) accounts out
  AND (SELECT count(DISTINCT NULLIF(b.account_id, ''))
       FROM video_access_log b
       WHERE b.actor_id = a.actor_id
         AND b.accessed_at > strftime('%Y-%m-%dT%H:%M:%SZ', a.accessed_at, '-1 days')
         AND b.accessed_at <= a.accessed_at) > 20

UNION ALL
-- ring.pre-2018-face-embedding
SELECT 'ring.pre-2018-face-embedding', f.embedding_id
FROM face_embeddings f
WHERE ((f.created_at <> '' AND f.created_at < '2018-01-01T00:00:00Z')
       OR (f.video_captured_at <> '' AND f.video_captured_at < '2018-01-01T00:00:00Z')
       OR EXISTS (SELECT 1 FROM videos v
                  WHERE f.video_id <> '' AND v.video_id = f.video_id
                    AND v.captured_at <> '' AND v.captured_at < '2018-01-01T00:00:00Z'))
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE f.account_id <> '' AND h.account_id = f.account_id AND h.profile_id = ''
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- ring.pre-2018-video
SELECT 'ring.pre-2018-video', v.video_id
FROM videos v
WHERE v.captured_at <> '' AND v.captured_at < '2018-01-01T00:00:00Z'
  AND NOT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE v.account_id <> '' AND h.account_id = v.account_id AND h.profile_id = ''
      AND h.placed_at <> '' AND h.placed_at <= '2026-11-01T00:00:00Z'
      AND (h.released_at = '' OR h.released_at > '2026-11-01T00:00:00Z'))

UNION ALL
-- ring.unreported-security-incident
SELECT 'ring.unreported-security-incident', i.incident_id
FROM security_incidents i
WHERE i.kind IN ('unauthorized_video_access', 'account_takeover')
  AND i.detected_at <> '' AND i.detected_at <= '2026-10-02T00:00:00Z'
  AND (i.reported_at = ''
       OR i.reported_at > strftime('%Y-%m-%dT%H:%M:%SZ', i.detected_at, '+30 days'))

UNION ALL
-- ring.video-access-without-consent
SELECT 'ring.video-access-without-consent', a.access_id
FROM video_access_log a
WHERE a.customer_consent <> 'true'
  AND (a.purpose = '' OR a.purpose NOT IN ('legal_compliance', 'security_incident'));
