DROP TABLE dev_mail;
DROP TABLE invitations;
DROP TABLE memberships;
