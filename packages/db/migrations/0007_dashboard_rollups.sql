-- Dashboard rollups (DESIGN.md §7). The triggers below keep them current inside the transaction
-- of every write to `cases`; each case contributes one vector of counters to the keys of its
-- period and territory, so an update subtracts the old row's vector and adds the new one.
-- Existing databases are rebuilt once after migrating (ensureDashboardData).
CREATE TABLE `case_category_rollups` (
	`period` text NOT NULL,
	`territory` text NOT NULL,
	`category_code` text NOT NULL,
	`reported` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`period`, `territory`, `category_code`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `case_daily` (
	`day` text NOT NULL,
	`territory` text NOT NULL,
	`reported` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `territory`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `case_heat` (
	`level` integer NOT NULL,
	`period` text NOT NULL,
	`category` text NOT NULL,
	`territory` text NOT NULL,
	`cx` integer NOT NULL,
	`cy` integer NOT NULL,
	`weight` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`level`, `period`, `category`, `territory`, `cx`, `cy`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `case_rollups` (
	`period` text NOT NULL,
	`territory` text NOT NULL,
	`reported` integer DEFAULT 0 NOT NULL,
	`filed` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`open` integer DEFAULT 0 NOT NULL,
	`closed` integer DEFAULT 0 NOT NULL,
	`closed_on_time` integer DEFAULT 0 NOT NULL,
	`closed_reworked` integer DEFAULT 0 NOT NULL,
	`closed_extended` integer DEFAULT 0 NOT NULL,
	`handled` integer DEFAULT 0 NOT NULL,
	`handling_minutes` integer DEFAULT 0 NOT NULL,
	`rated` integer DEFAULT 0 NOT NULL,
	`satisfied` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`period`, `territory`)
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `cases` ADD `dispatched_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `resolved_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `due_soon_at` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `on_time` integer;--> statement-breakpoint
ALTER TABLE `cases` ADD `handling_minutes` integer;--> statement-breakpoint
CREATE INDEX `cases_clock` ON `cases` (coalesce(`grid_code`, `community_code`), `deadline`, `due_soon_at`, `reported_at`) WHERE `status` IN ('dispatched', 'in_progress', 'resolved') AND `deadline` IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `cases_rollups_insert` AFTER INSERT ON `cases`
BEGIN
  INSERT INTO case_rollups (period, territory, reported, filed, cancelled, open, closed, closed_on_time, closed_reworked, closed_extended, handled, handling_minutes, rated, satisfied)
  SELECT k.period, coalesce(NEW.grid_code, NEW.community_code), (1), (NEW.status NOT IN ('reported', 'cancelled')), (NEW.status = 'cancelled'), (NEW.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')), (NEW.status = 'closed'), (NEW.status = 'closed' AND NEW.on_time IS 1), (NEW.status = 'closed' AND NEW.rework_count > 0), (NEW.status = 'closed' AND NEW.extension_count > 0), (NEW.status = 'closed' AND NEW.handling_minutes IS NOT NULL), (CASE WHEN NEW.status = 'closed' THEN coalesce(NEW.handling_minutes, 0) ELSE 0 END), (NEW.rating IS NOT NULL), (coalesce(NEW.rating >= 4, 0))
  FROM (SELECT 'Y' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period
    UNION ALL SELECT 'A' AS period) AS k WHERE true
  ON CONFLICT (period, territory) DO UPDATE SET reported = reported + excluded.reported, filed = filed + excluded.filed, cancelled = cancelled + excluded.cancelled, open = open + excluded.open, closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, closed_reworked = closed_reworked + excluded.closed_reworked, closed_extended = closed_extended + excluded.closed_extended, handled = handled + excluded.handled, handling_minutes = handling_minutes + excluded.handling_minutes, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
  INSERT INTO case_category_rollups (period, territory, category_code, reported)
  SELECT k.period, t.territory, NEW.category_code, 1
  FROM (SELECT 'Y' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS k, (SELECT substr(NEW.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(NEW.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (period, territory, category_code) DO UPDATE SET reported = reported + excluded.reported;
  INSERT INTO case_daily (day, territory, reported, closed)
  SELECT d.day, t.territory, d.reported, d.closed
  FROM (SELECT date(NEW.reported_at / 1000 + 28800, 'unixepoch') AS day, 1 AS reported, 0 AS closed
    UNION ALL SELECT date(NEW.closed_at / 1000 + 28800, 'unixepoch'), 0, 1 WHERE NEW.status = 'closed' AND NEW.closed_at IS NOT NULL) AS d, (SELECT substr(NEW.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(NEW.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (day, territory) DO UPDATE SET reported = reported + excluded.reported, closed = closed + excluded.closed;
  INSERT INTO case_heat (level, period, category, territory, cx, cy, weight)
  SELECT l.level, p.period, c.category, substr(NEW.community_code, 1, 9), CAST((NEW.lon + 180) / l.size AS INTEGER), CAST((NEW.lat + 90) / l.size AS INTEGER), 1
  FROM (SELECT 1 AS level, 0.01 AS size
    UNION ALL SELECT 2 AS level, 0.002 AS size) AS l, (SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS p, (SELECT NEW.category_code AS category
    UNION ALL SELECT '*') AS c WHERE NEW.lon IS NOT NULL AND NEW.lat IS NOT NULL
  ON CONFLICT (level, period, category, territory, cx, cy) DO UPDATE SET weight = weight + excluded.weight;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollups_update` AFTER UPDATE OF status, grid_code, community_code, rework_count, extension_count, rating, on_time, handling_minutes, reported_at ON `cases`
WHEN coalesce(NEW.grid_code, NEW.community_code) = coalesce(OLD.grid_code, OLD.community_code) AND NEW.reported_at = OLD.reported_at
BEGIN
  INSERT INTO case_rollups (period, territory, reported, filed, cancelled, open, closed, closed_on_time, closed_reworked, closed_extended, handled, handling_minutes, rated, satisfied)
  SELECT k.period, coalesce(NEW.grid_code, NEW.community_code), (1) - (1), (NEW.status NOT IN ('reported', 'cancelled')) - (OLD.status NOT IN ('reported', 'cancelled')), (NEW.status = 'cancelled') - (OLD.status = 'cancelled'), (NEW.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')) - (OLD.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')), (NEW.status = 'closed') - (OLD.status = 'closed'), (NEW.status = 'closed' AND NEW.on_time IS 1) - (OLD.status = 'closed' AND OLD.on_time IS 1), (NEW.status = 'closed' AND NEW.rework_count > 0) - (OLD.status = 'closed' AND OLD.rework_count > 0), (NEW.status = 'closed' AND NEW.extension_count > 0) - (OLD.status = 'closed' AND OLD.extension_count > 0), (NEW.status = 'closed' AND NEW.handling_minutes IS NOT NULL) - (OLD.status = 'closed' AND OLD.handling_minutes IS NOT NULL), (CASE WHEN NEW.status = 'closed' THEN coalesce(NEW.handling_minutes, 0) ELSE 0 END) - (CASE WHEN OLD.status = 'closed' THEN coalesce(OLD.handling_minutes, 0) ELSE 0 END), (NEW.rating IS NOT NULL) - (OLD.rating IS NOT NULL), (coalesce(NEW.rating >= 4, 0)) - (coalesce(OLD.rating >= 4, 0))
  FROM (SELECT 'Y' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period
    UNION ALL SELECT 'A' AS period) AS k WHERE true
  ON CONFLICT (period, territory) DO UPDATE SET reported = reported + excluded.reported, filed = filed + excluded.filed, cancelled = cancelled + excluded.cancelled, open = open + excluded.open, closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, closed_reworked = closed_reworked + excluded.closed_reworked, closed_extended = closed_extended + excluded.closed_extended, handled = handled + excluded.handled, handling_minutes = handling_minutes + excluded.handling_minutes, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollups_move` AFTER UPDATE OF grid_code, community_code, reported_at ON `cases`
WHEN NOT (coalesce(NEW.grid_code, NEW.community_code) = coalesce(OLD.grid_code, OLD.community_code) AND NEW.reported_at = OLD.reported_at)
BEGIN
  INSERT INTO case_rollups (period, territory, reported, filed, cancelled, open, closed, closed_on_time, closed_reworked, closed_extended, handled, handling_minutes, rated, satisfied)
  SELECT k.period, coalesce(OLD.grid_code, OLD.community_code), -(1), -(OLD.status NOT IN ('reported', 'cancelled')), -(OLD.status = 'cancelled'), -(OLD.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')), -(OLD.status = 'closed'), -(OLD.status = 'closed' AND OLD.on_time IS 1), -(OLD.status = 'closed' AND OLD.rework_count > 0), -(OLD.status = 'closed' AND OLD.extension_count > 0), -(OLD.status = 'closed' AND OLD.handling_minutes IS NOT NULL), -(CASE WHEN OLD.status = 'closed' THEN coalesce(OLD.handling_minutes, 0) ELSE 0 END), -(OLD.rating IS NOT NULL), -(coalesce(OLD.rating >= 4, 0))
  FROM (SELECT 'Y' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period
    UNION ALL SELECT 'A' AS period) AS k WHERE true
  ON CONFLICT (period, territory) DO UPDATE SET reported = reported + excluded.reported, filed = filed + excluded.filed, cancelled = cancelled + excluded.cancelled, open = open + excluded.open, closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, closed_reworked = closed_reworked + excluded.closed_reworked, closed_extended = closed_extended + excluded.closed_extended, handled = handled + excluded.handled, handling_minutes = handling_minutes + excluded.handling_minutes, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
  INSERT INTO case_rollups (period, territory, reported, filed, cancelled, open, closed, closed_on_time, closed_reworked, closed_extended, handled, handling_minutes, rated, satisfied)
  SELECT k.period, coalesce(NEW.grid_code, NEW.community_code), (1), (NEW.status NOT IN ('reported', 'cancelled')), (NEW.status = 'cancelled'), (NEW.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')), (NEW.status = 'closed'), (NEW.status = 'closed' AND NEW.on_time IS 1), (NEW.status = 'closed' AND NEW.rework_count > 0), (NEW.status = 'closed' AND NEW.extension_count > 0), (NEW.status = 'closed' AND NEW.handling_minutes IS NOT NULL), (CASE WHEN NEW.status = 'closed' THEN coalesce(NEW.handling_minutes, 0) ELSE 0 END), (NEW.rating IS NOT NULL), (coalesce(NEW.rating >= 4, 0))
  FROM (SELECT 'Y' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period
    UNION ALL SELECT 'A' AS period) AS k WHERE true
  ON CONFLICT (period, territory) DO UPDATE SET reported = reported + excluded.reported, filed = filed + excluded.filed, cancelled = cancelled + excluded.cancelled, open = open + excluded.open, closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, closed_reworked = closed_reworked + excluded.closed_reworked, closed_extended = closed_extended + excluded.closed_extended, handled = handled + excluded.handled, handling_minutes = handling_minutes + excluded.handling_minutes, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_categories_update` AFTER UPDATE OF category_code, community_code, reported_at ON `cases`
WHEN NEW.category_code IS NOT OLD.category_code OR NEW.community_code IS NOT OLD.community_code OR NEW.reported_at IS NOT OLD.reported_at
BEGIN
  INSERT INTO case_category_rollups (period, territory, category_code, reported)
  SELECT k.period, t.territory, OLD.category_code, -1
  FROM (SELECT 'Y' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS k, (SELECT substr(OLD.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(OLD.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (period, territory, category_code) DO UPDATE SET reported = reported + excluded.reported;
  INSERT INTO case_category_rollups (period, territory, category_code, reported)
  SELECT k.period, t.territory, NEW.category_code, 1
  FROM (SELECT 'Y' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', NEW.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS k, (SELECT substr(NEW.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(NEW.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (period, territory, category_code) DO UPDATE SET reported = reported + excluded.reported;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_daily_update` AFTER UPDATE OF status, closed_at, community_code, reported_at ON `cases`
WHEN (NEW.status = 'closed') IS NOT (OLD.status = 'closed') OR NEW.closed_at IS NOT OLD.closed_at OR NEW.community_code IS NOT OLD.community_code OR NEW.reported_at IS NOT OLD.reported_at
BEGIN
  INSERT INTO case_daily (day, territory, reported, closed)
  SELECT d.day, t.territory, d.reported, d.closed
  FROM (SELECT date(OLD.reported_at / 1000 + 28800, 'unixepoch') AS day, -1 AS reported, 0 AS closed
    UNION ALL SELECT date(OLD.closed_at / 1000 + 28800, 'unixepoch'), 0, -1 WHERE OLD.status = 'closed' AND OLD.closed_at IS NOT NULL) AS d, (SELECT substr(OLD.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(OLD.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (day, territory) DO UPDATE SET reported = reported + excluded.reported, closed = closed + excluded.closed;
  INSERT INTO case_daily (day, territory, reported, closed)
  SELECT d.day, t.territory, d.reported, d.closed
  FROM (SELECT date(NEW.reported_at / 1000 + 28800, 'unixepoch') AS day, 1 AS reported, 0 AS closed
    UNION ALL SELECT date(NEW.closed_at / 1000 + 28800, 'unixepoch'), 0, 1 WHERE NEW.status = 'closed' AND NEW.closed_at IS NOT NULL) AS d, (SELECT substr(NEW.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(NEW.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (day, territory) DO UPDATE SET reported = reported + excluded.reported, closed = closed + excluded.closed;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_heat_update` AFTER UPDATE OF lon, lat, category_code, community_code, reported_at ON `cases`
WHEN NEW.lon IS NOT OLD.lon OR NEW.lat IS NOT OLD.lat OR NEW.category_code IS NOT OLD.category_code OR NEW.community_code IS NOT OLD.community_code OR NEW.reported_at IS NOT OLD.reported_at
BEGIN
  INSERT INTO case_heat (level, period, category, territory, cx, cy, weight)
  SELECT l.level, p.period, c.category, substr(OLD.community_code, 1, 9), CAST((OLD.lon + 180) / l.size AS INTEGER), CAST((OLD.lat + 90) / l.size AS INTEGER), -1
  FROM (SELECT 1 AS level, 0.01 AS size
    UNION ALL SELECT 2 AS level, 0.002 AS size) AS l, (SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS p, (SELECT OLD.category_code AS category
    UNION ALL SELECT '*') AS c WHERE OLD.lon IS NOT NULL AND OLD.lat IS NOT NULL
  ON CONFLICT (level, period, category, territory, cx, cy) DO UPDATE SET weight = weight + excluded.weight;
  INSERT INTO case_heat (level, period, category, territory, cx, cy, weight)
  SELECT l.level, p.period, c.category, substr(NEW.community_code, 1, 9), CAST((NEW.lon + 180) / l.size AS INTEGER), CAST((NEW.lat + 90) / l.size AS INTEGER), 1
  FROM (SELECT 1 AS level, 0.01 AS size
    UNION ALL SELECT 2 AS level, 0.002 AS size) AS l, (SELECT 'M' || strftime('%Y-%m', NEW.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(NEW.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS p, (SELECT NEW.category_code AS category
    UNION ALL SELECT '*') AS c WHERE NEW.lon IS NOT NULL AND NEW.lat IS NOT NULL
  ON CONFLICT (level, period, category, territory, cx, cy) DO UPDATE SET weight = weight + excluded.weight;
END;
--> statement-breakpoint
CREATE TRIGGER `cases_rollups_delete` AFTER DELETE ON `cases`
BEGIN
  INSERT INTO case_rollups (period, territory, reported, filed, cancelled, open, closed, closed_on_time, closed_reworked, closed_extended, handled, handling_minutes, rated, satisfied)
  SELECT k.period, coalesce(OLD.grid_code, OLD.community_code), -(1), -(OLD.status NOT IN ('reported', 'cancelled')), -(OLD.status = 'cancelled'), -(OLD.status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')), -(OLD.status = 'closed'), -(OLD.status = 'closed' AND OLD.on_time IS 1), -(OLD.status = 'closed' AND OLD.rework_count > 0), -(OLD.status = 'closed' AND OLD.extension_count > 0), -(OLD.status = 'closed' AND OLD.handling_minutes IS NOT NULL), -(CASE WHEN OLD.status = 'closed' THEN coalesce(OLD.handling_minutes, 0) ELSE 0 END), -(OLD.rating IS NOT NULL), -(coalesce(OLD.rating >= 4, 0))
  FROM (SELECT 'Y' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period
    UNION ALL SELECT 'A' AS period) AS k WHERE true
  ON CONFLICT (period, territory) DO UPDATE SET reported = reported + excluded.reported, filed = filed + excluded.filed, cancelled = cancelled + excluded.cancelled, open = open + excluded.open, closed = closed + excluded.closed, closed_on_time = closed_on_time + excluded.closed_on_time, closed_reworked = closed_reworked + excluded.closed_reworked, closed_extended = closed_extended + excluded.closed_extended, handled = handled + excluded.handled, handling_minutes = handling_minutes + excluded.handling_minutes, rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied;
  INSERT INTO case_category_rollups (period, territory, category_code, reported)
  SELECT k.period, t.territory, OLD.category_code, -1
  FROM (SELECT 'Y' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'Q' || strftime('%Y', OLD.reported_at / 1000 + 28800, 'unixepoch') || '-' || ((CAST(strftime('%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS INTEGER) + 2) / 3) AS period
    UNION ALL SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS k, (SELECT substr(OLD.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(OLD.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (period, territory, category_code) DO UPDATE SET reported = reported + excluded.reported;
  INSERT INTO case_daily (day, territory, reported, closed)
  SELECT d.day, t.territory, d.reported, d.closed
  FROM (SELECT date(OLD.reported_at / 1000 + 28800, 'unixepoch') AS day, -1 AS reported, 0 AS closed
    UNION ALL SELECT date(OLD.closed_at / 1000 + 28800, 'unixepoch'), 0, -1 WHERE OLD.status = 'closed' AND OLD.closed_at IS NOT NULL) AS d, (SELECT substr(OLD.community_code, 1, 9) AS territory
    UNION ALL SELECT substr(OLD.community_code, 1, 6)) AS t WHERE true
  ON CONFLICT (day, territory) DO UPDATE SET reported = reported + excluded.reported, closed = closed + excluded.closed;
  INSERT INTO case_heat (level, period, category, territory, cx, cy, weight)
  SELECT l.level, p.period, c.category, substr(OLD.community_code, 1, 9), CAST((OLD.lon + 180) / l.size AS INTEGER), CAST((OLD.lat + 90) / l.size AS INTEGER), -1
  FROM (SELECT 1 AS level, 0.01 AS size
    UNION ALL SELECT 2 AS level, 0.002 AS size) AS l, (SELECT 'M' || strftime('%Y-%m', OLD.reported_at / 1000 + 28800, 'unixepoch') AS period
    UNION ALL SELECT 'W' || date(OLD.reported_at / 1000 + 28800, 'unixepoch', '-6 days', 'weekday 1') AS period) AS p, (SELECT OLD.category_code AS category
    UNION ALL SELECT '*') AS c WHERE OLD.lon IS NOT NULL AND OLD.lat IS NOT NULL
  ON CONFLICT (level, period, category, territory, cx, cy) DO UPDATE SET weight = weight + excluded.weight;
END;
