-- Each service owns its database.
CREATE DATABASE intake;
CREATE DATABASE triage;
CREATE DATABASE dispatch;
