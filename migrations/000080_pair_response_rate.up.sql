-- Evidence made from a before/after pair gave the survey after's response
-- rate, rounded down, as the pair's. The pair's rate is its responses
-- (sample_size, before and after) of its invitations (each survey's
-- students invited), rounded to the nearest whole percentage.
UPDATE evidence e
SET response_rate = LEAST(100, (e.sample_size * 100 + (pre.invited + post.invited) / 2) / (pre.invited + post.invited))
FROM surveys post
JOIN surveys pre ON pre.id = post.pre_id
WHERE e.survey_id = post.id AND e.sample_size IS NOT NULL AND pre.invited IS NOT NULL AND post.invited IS NOT NULL;
