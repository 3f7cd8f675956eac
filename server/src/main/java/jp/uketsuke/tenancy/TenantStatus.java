package jp.uketsuke.tenancy;

public enum TenantStatus {
    ACTIVE,
    SUSPENDED
}
