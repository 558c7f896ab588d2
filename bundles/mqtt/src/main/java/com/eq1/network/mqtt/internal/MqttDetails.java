package com.eq1.network.mqtt.internal;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.MqttVersion;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link BaseProtocol#details()} shows of an MQTT connection. Built from the settings and the
 * broker Paho is connected to; never the password, and a broker URI is shown without any user
 * information it may carry.
 */
public final class MqttDetails {

  private MqttDetails() {}

  /**
   * Describes a connection: {@code peer} (the broker connected to, or the configured brokers while
   * not connected), {@code tls} ({@code on} for {@code ssl://}), {@code clientId}, {@code
   * protocolVersion}, {@code cleanSession}, for MQTT 5 {@code sessionExpiry} (what is sent in
   * CONNECT: seconds, or {@code never}), and {@code username} if one is set.
   *
   * @param settings the connection's settings
   * @param connectedBroker the broker URI Paho is connected to, or {@code null}
   * @return the details, unmodifiable
   */
  public static Map<String, String> of(MqttSettings settings, String connectedBroker) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(
        BaseProtocol.DETAIL_PEER,
        connectedBroker != null
            ? shown(connectedBroker)
            : settings.brokers().stream()
                .map(MqttDetails::shown)
                .collect(Collectors.joining(", ")));
    details.put(BaseProtocol.DETAIL_TLS, settings.tls().enabled() ? "on" : "off");
    details.put("clientId", settings.clientId());
    details.put("protocolVersion", settings.version().label());
    details.put("cleanSession", Boolean.toString(settings.cleanSession()));
    if (settings.version() == MqttVersion.V5) {
      long expiry = Paho5Options.sessionExpirySeconds(settings);
      details.put("sessionExpiry", expiry == Paho5Options.NEVER_EXPIRES ? "never" : expiry + " s");
    }
    if (!settings.username().isEmpty()) {
      details.put("username", settings.username());
    }
    return Collections.unmodifiableMap(details);
  }

  /** The broker URI as {@code scheme://host:port}: no user information, no password. */
  static String shown(String broker) {
    try {
      URI uri = new URI(broker);
      if (uri.getRawUserInfo() == null) {
        return broker;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), null, null, null)
          .toString();
    } catch (URISyntaxException e) {
      return "(not a URI)";
    }
  }
}
