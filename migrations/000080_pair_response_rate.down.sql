-- The corrected rates stay: the ones they replaced were wrong, and the
-- survey after's own count is not kept to remake them.
SELECT 1;
