package jp.uketsuke.notify.internal.http;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code uketsuke.notify.*} for the HTTP channels; the channels and their client are components. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundHttpProperties.class)
class OutboundHttpConfiguration {
}
