-- The planner's statistics of the tickets follow the open ones, a few among many closed: the table is
-- analysed after every 200 changed tickets instead of after 10 % of it (10,000 changes at 100,000
-- tickets). Statistics taken while almost nothing was open (a quiet night) make every index that
-- starts with the status look like a one-row probe; until the next analysis the step's read of each
-- service's oldest open incident then scans every open ticket once per service, for every message.
ALTER TABLE "Ticket" SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 200);
