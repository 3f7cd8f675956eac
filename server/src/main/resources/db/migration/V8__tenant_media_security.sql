-- Whether a tenant's calls must, may or must not encrypt their audio (SRTP, issue 4): REQUIRED, PREFERRED or OFF.
-- NULL follows the platform default (uketsuke.sip.media-security, PREFERRED unless configured).

alter table tenants add column media_security varchar(16);
alter table tenants add constraint tenants_media_security check (media_security in ('REQUIRED', 'PREFERRED', 'OFF'));
