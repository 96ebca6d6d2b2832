-- The audit log is append-only: no row is ever changed, and none younger than 180 days can be
-- deleted (retention may be configured longer, never shorter: DESIGN.md §8 "kept ≥ 6 months").
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_keep_180_days` BEFORE DELETE ON `audit_log`
WHEN OLD.at > (CAST(strftime('%s', 'now') AS INTEGER) - 180 * 86400) * 1000
BEGIN
  SELECT RAISE(ABORT, 'audit_log rows are kept at least 180 days');
END;
