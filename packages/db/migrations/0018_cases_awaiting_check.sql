-- 在办 on the dashboard splits into 待立案/待派遣, 处置中 and 待核查: resolved cases awaiting the
-- community's check, counted per territory from this small partial index alone (status is a column
-- so the count never reads the table).
CREATE INDEX `cases_awaiting_check` ON `cases` (coalesce(`grid_code`, `community_code`), `status`) WHERE `status` = 'resolved';
