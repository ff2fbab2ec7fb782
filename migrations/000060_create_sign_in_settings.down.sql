DROP TABLE sso_identities;
DROP TABLE identity_providers;
ALTER TABLE institutions
    DROP CONSTRAINT institutions_break_glass_check,
    DROP COLUMN unknown_people,
    DROP COLUMN break_glass_user_id,
    DROP COLUMN passwords_allowed;
DROP TABLE institution_domains;
