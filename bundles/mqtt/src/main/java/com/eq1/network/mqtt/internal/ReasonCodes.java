package com.eq1.network.mqtt.internal;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reason codes of MQTT 5 (OASIS MQTT 5.0, section 2.4), named as the standard names them, and
 * what a refused CONNACK becomes in the API. A code of 0x80 or more is a failure.
 */
final class ReasonCodes {

  /** The first failure code: a reason code at or above it refuses what was asked. */
  static final int FAILURE = 0x80;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(0x00, "success"),
          Map.entry(0x01, "granted QoS 1"),
          Map.entry(0x02, "granted QoS 2"),
          Map.entry(0x04, "disconnect with will message"),
          Map.entry(0x10, "no matching subscribers"),
          Map.entry(0x11, "no subscription existed"),
          Map.entry(0x18, "continue authentication"),
          Map.entry(0x19, "re-authenticate"),
          Map.entry(0x80, "unspecified error"),
          Map.entry(0x81, "malformed packet"),
          Map.entry(0x82, "protocol error"),
          Map.entry(0x83, "implementation specific error"),
          Map.entry(0x84, "unsupported protocol version"),
          Map.entry(0x85, "client identifier not valid"),
          Map.entry(0x86, "bad user name or password"),
          Map.entry(0x87, "not authorized"),
          Map.entry(0x88, "server unavailable"),
          Map.entry(0x89, "server busy"),
          Map.entry(0x8A, "banned"),
          Map.entry(0x8B, "server shutting down"),
          Map.entry(0x8C, "bad authentication method"),
          Map.entry(0x8D, "keep alive timeout"),
          Map.entry(0x8E, "session taken over"),
          Map.entry(0x8F, "topic filter invalid"),
          Map.entry(0x90, "topic name invalid"),
          Map.entry(0x91, "packet identifier in use"),
          Map.entry(0x92, "packet identifier not found"),
          Map.entry(0x93, "receive maximum exceeded"),
          Map.entry(0x94, "topic alias invalid"),
          Map.entry(0x95, "packet too large"),
          Map.entry(0x96, "message rate too high"),
          Map.entry(0x97, "quota exceeded"),
          Map.entry(0x98, "administrative action"),
          Map.entry(0x99, "payload format invalid"),
          Map.entry(0x9A, "retain not supported"),
          Map.entry(0x9B, "QoS not supported"),
          Map.entry(0x9C, "use another server"),
          Map.entry(0x9D, "server moved"),
          Map.entry(0x9E, "shared subscriptions not supported"),
          Map.entry(0x9F, "connection rate exceeded"),
          Map.entry(0xA0, "maximum connect time"),
          Map.entry(0xA1, "subscription identifiers not supported"),
          Map.entry(0xA2, "wildcard subscriptions not supported"));

  /** CONNACK codes that name the client or its credentials: retrying as is will not help. */
  private static final Set<Integer> CREDENTIALS = Set.of(0x85, 0x86, 0x87, 0x8C);

  private ReasonCodes() {}

  /**
   * Returns whether a reason code is one of MQTT 5's (as opposed to one of Paho's own error codes,
   * which are 32000 and above).
   *
   * @param code the code
   * @return {@code true} for 0x00 to 0xFF
   */
  static boolean isMqtt(int code) {
    return code >= 0 && code <= 0xFF;
  }

  /**
   * Returns whether a reason code refuses what was asked.
   *
   * @param code the code
   * @return {@code true} for 0x80 to 0xFF
   */
  static boolean isFailure(int code) {
    return code >= FAILURE && isMqtt(code);
  }

  /**
   * Describes a reason code: the code in hex and its name, for example {@code 0x86 bad user name or
   * password}.
   *
   * @param code the code
   * @return the description
   */
  static String describe(int code) {
    return String.format(Locale.ROOT, "0x%02X %s", code, NAMES.getOrDefault(code, "unknown code"));
  }

  /**
   * Turns a refusing CONNACK into the API's exception: {@link AuthenticationException} for a bad
   * user name or password, no authorization, an invalid client identifier or a bad authentication
   * method; {@link ConnectionException} for every other code (server unavailable or busy, banned,
   * use another server, ...).
   *
   * @param connection the connection name
   * @param code the CONNACK reason code
   * @param cause Paho's exception
   * @return the exception, its message naming the code
   */
  static ConnectionException refusedConnect(String connection, int code, Throwable cause) {
    String message = "the broker refused the connection: " + describe(code);
    return CREDENTIALS.contains(code)
        ? new AuthenticationException(connection, message, cause)
        : new ConnectionException(connection, message, cause);
  }
}
