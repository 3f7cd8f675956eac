package jp.uketsuke.identity.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Settings of the account lifecycle: invitations, dormant accounts, outgoing mail ({@code uketsuke.identity.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdentityProperties.class)
class LifecycleConfiguration {
}
