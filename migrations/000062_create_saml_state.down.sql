DROP TABLE saml_assertions;
DROP TABLE saml_requests;
