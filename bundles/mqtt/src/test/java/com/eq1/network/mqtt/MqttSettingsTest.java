package com.eq1.network.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link MqttSettings}: defaults, copies, validation and the masked password. */
class MqttSettingsTest {

  private static final String BROKER = "tcp://127.0.0.1:1883";

  /** Settings that differ from {@code defaults} in one value. */
  private static MqttSettings with(
      String name,
      String broker,
      String clientId,
      Duration keepAlive,
      Duration connectTimeout,
      int maxInflight,
      int inboundCapacity) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        "",
        "",
        keepAlive,
        false,
        connectTimeout,
        maxInflight,
        QueueSettings.DEFAULT,
        ReconnectSettings.DEFAULT,
        inboundCapacity);
  }

  private static MqttSettings broker(String broker) {
    return with("plant", broker, "id", Duration.ofSeconds(30), Duration.ofSeconds(10), 1, 1);
  }

  private static MqttSettings clientId(String clientId) {
    return with("plant", BROKER, clientId, Duration.ofSeconds(30), Duration.ofSeconds(10), 1, 1);
  }

  private static MqttSettings keepAlive(Duration keepAlive) {
    return with("plant", BROKER, "id", keepAlive, Duration.ofSeconds(10), 1, 1);
  }

  private static MqttSettings connectTimeout(Duration timeout) {
    return with("plant", BROKER, "id", Duration.ofSeconds(30), timeout, 1, 1);
  }

  private static MqttSettings maxInflight(int maxInflight) {
    return with(
        "plant", BROKER, "id", Duration.ofSeconds(30), Duration.ofSeconds(10), maxInflight, 1);
  }

  private static MqttSettings inboundCapacity(int capacity) {
    return with("plant", BROKER, "id", Duration.ofSeconds(30), Duration.ofSeconds(10), 1, capacity);
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    MqttSettings settings = MqttSettings.defaults("plant", BROKER);
    assertEquals("plant", settings.name());
    assertEquals(BROKER, settings.broker());
    assertEquals("eq1-plant", settings.clientId());
    assertEquals("", settings.username());
    assertEquals("", settings.password());
    assertEquals(Duration.ofSeconds(30), settings.keepAlive());
    assertFalse(settings.cleanSession());
    assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
    assertEquals(1_000, settings.maxInflight());
    assertEquals(QueueSettings.DEFAULT, settings.queue());
    assertEquals(ReconnectSettings.DEFAULT, settings.reconnect());
    assertEquals(10_000, settings.inboundCapacity());
  }

  @Test
  void eachCopyChangesItsOwnValuesAndNothingElse() {
    MqttSettings base = MqttSettings.defaults("plant", BROKER);
    QueueSettings queue = new QueueSettings(5, Duration.ofSeconds(2), OverflowPolicy.DROP_OLDEST);
    ReconnectSettings reconnect =
        new ReconnectSettings(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ZERO);

    MqttSettings id = base.withClientId("line-7");
    assertEquals("line-7", id.clientId());
    assertEquals(base, id.withClientId(base.clientId()));

    MqttSettings credentials = base.withCredentials("eq1", "secret");
    assertEquals("eq1", credentials.username());
    assertEquals("secret", credentials.password());
    assertEquals(base, credentials.withCredentials("", ""));

    MqttSettings link = base.withLink(queue, reconnect);
    assertEquals(queue, link.queue());
    assertEquals(reconnect, link.reconnect());
    assertEquals(base, link.withLink(base.queue(), base.reconnect()));

    MqttSettings clean = base.withCleanSession(true);
    assertTrue(clean.cleanSession());
    assertEquals(base, clean.withCleanSession(false));

    MqttSettings all =
        base.withClientId("line-7")
            .withCredentials("eq1", "secret")
            .withLink(queue, reconnect)
            .withCleanSession(true);
    assertEquals(
        new MqttSettings(
            "plant",
            BROKER,
            "line-7",
            "eq1",
            "secret",
            Duration.ofSeconds(30),
            true,
            Duration.ofSeconds(10),
            1_000,
            queue,
            reconnect,
            10_000),
        all.toBuilder().flushRate(0).build());
  }

  @Test
  void missingCredentialsBecomeEmpty() {
    MqttSettings settings = MqttSettings.defaults("plant", BROKER).withCredentials(null, null);
    assertEquals("", settings.username());
    assertEquals("", settings.password());
    assertTrue(settings.toString().contains("password=(none)"), settings.toString());
  }

  @Test
  void toStringNeverShowsThePassword() {
    MqttSettings settings =
        MqttSettings.defaults("plant", BROKER).withCredentials("operator", "s3cr3t-Pa55");
    String text = settings.toString();
    assertFalse(text.contains("s3cr3t-Pa55"), text);
    assertTrue(text.contains("password=********"), text);
    assertTrue(text.contains("username=operator"), text);
    assertTrue(text.contains("name=plant"), text);
    assertTrue(text.contains("broker=" + BROKER), text);
    assertTrue(text.contains("clientId=eq1-plant"), text);
    assertTrue(text.contains("maxInflight=1000"), text);

    String none = MqttSettings.defaults("plant", BROKER).toString();
    assertTrue(none.contains("password=(none)"), none);
    assertFalse(none.contains("********"), none);
  }

  static Stream<Arguments> invalidSettings() {
    String longId = "x".repeat(65_536);
    return Stream.of(
        bad("no name", () -> MqttSettings.defaults(null, BROKER), "eq1.name"),
        bad("blank name", () -> MqttSettings.defaults(" ", BROKER), "eq1.name"),
        bad("name with a space", () -> MqttSettings.defaults("a b", BROKER), "eq1.name"),
        bad("no broker", () -> broker(null), "broker must be tcp://host:port or ssl://host:port"),
        bad(
            "mixed brokers",
            () -> broker("tcp://127.0.0.1:1883,ssl://127.0.0.1:8883"),
            "must all be tcp:// or all ssl://"),
        bad("one bad broker of two", () -> broker("tcp://a:1,http://b:2"), "broker must be tcp://"),
        bad(
            "TLS on tcp://",
            () ->
                MqttSettings.defaults("plant", BROKER).toBuilder()
                    .tls(TlsSettings.trusting(null))
                    .build(),
            "use ssl://"),
        bad(
            "ssl:// without TLS",
            () ->
                MqttSettings.defaults("plant", "ssl://127.0.0.1:8883").toBuilder()
                    .tls(TlsSettings.OFF)
                    .build(),
            "TLS is off"),
        bad(
            "session expiry with 3.1.1",
            () ->
                MqttSettings.defaults("plant", BROKER).toBuilder()
                    .sessionExpiry(Duration.ofSeconds(1))
                    .build(),
            "(sessionExpirySeconds) needs protocolVersion 5"),
        bad(
            "negative session expiry",
            () ->
                MqttSettings.defaults("plant", BROKER).toBuilder()
                    .version(MqttVersion.V5)
                    .sessionExpiry(Duration.ofSeconds(-1))
                    .build(),
            "sessionExpirySeconds"),
        bad(
            "huge session expiry",
            () ->
                MqttSettings.defaults("plant", BROKER).toBuilder()
                    .version(MqttVersion.V5)
                    .sessionExpiry(Duration.ofSeconds(0x1_0000_0000L))
                    .build(),
            "sessionExpirySeconds"),
        bad(
            "negative flush rate",
            () -> MqttSettings.defaults("plant", BROKER).toBuilder().flushRate(-1).build(),
            "queueFlushRate"),
        bad(
            "no payload",
            () -> MqttSettings.defaults("plant", BROKER).toBuilder().maxPayload(0).build(),
            "maxPayloadBytes"),
        bad("http broker", () -> broker("http://127.0.0.1:1883"), "broker must be tcp://"),
        bad("no host", () -> broker("tcp:///path"), "broker must be tcp://"),
        bad("not a URI", () -> broker("not a uri"), "broker is not a URI: 'not a uri'"),
        bad("empty authority", () -> broker("tcp://"), "broker is not a URI: 'tcp://'"),
        bad("null client id", () -> clientId(null), "clientId"),
        bad("empty client id", () -> clientId(""), "clientId"),
        bad("too long client id", () -> clientId(longId), "clientId"),
        bad("no keep-alive", () -> keepAlive(null), "keepAliveSeconds"),
        bad("negative keep-alive", () -> keepAlive(Duration.ofSeconds(-1)), "keepAliveSeconds"),
        bad("huge keep-alive", () -> keepAlive(Duration.ofSeconds(65_536)), "keepAliveSeconds"),
        bad("no connect timeout", () -> connectTimeout(null), "connectTimeoutSeconds"),
        bad("zero connect timeout", () -> connectTimeout(Duration.ZERO), "connectTimeoutSeconds"),
        bad(
            "sub-second connect timeout",
            () -> connectTimeout(Duration.ofMillis(999)),
            "connectTimeoutSeconds"),
        bad("no in-flight window", () -> maxInflight(0), "maxInflight"),
        bad("huge in-flight window", () -> maxInflight(65_536), "maxInflight"),
        bad("no inbound capacity", () -> inboundCapacity(0), "inboundCapacity"));
  }

  private static Arguments bad(String what, Supplier<MqttSettings> settings, String expected) {
    return Arguments.of(what, settings, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSettings")
  void invalidValuesAreRefusedNamingTheKey(
      String what, Supplier<MqttSettings> settings, String expected) {
    ConfigurationException e = assertThrows(ConfigurationException.class, settings::get);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void errorsAboutAValidNameStartWithIt() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> maxInflight(0));
    assertEquals("plant", e.connectionName().orElseThrow());
    assertTrue(e.getMessage().startsWith("[plant] "), e.getMessage());
    assertTrue(e.getMessage().contains("not 0"), e.getMessage());

    ConfigurationException uri =
        assertThrows(ConfigurationException.class, () -> broker("not a uri"));
    assertTrue(uri.getCause() instanceof URISyntaxException, String.valueOf(uri.getCause()));
  }

  @Test
  void boundaryValuesAreAccepted() {
    MqttSettings low = with("p", "tcp://broker", "c", Duration.ZERO, Duration.ofSeconds(1), 1, 1);
    assertEquals(Duration.ZERO, low.keepAlive());
    MqttSettings high =
        with(
            "p",
            "tcp://broker:1883",
            "c".repeat(65_535),
            Duration.ofSeconds(65_535),
            Duration.ofSeconds(1),
            65_535,
            1);
    assertEquals(65_535, high.maxInflight());
    assertEquals(65_535, high.clientId().length());
  }

  @Test
  void missingQueueOrBackoffIsANullPointer() {
    MqttSettings base = MqttSettings.defaults("plant", BROKER);
    assertThrows(NullPointerException.class, () -> base.withLink(null, base.reconnect()));
    assertThrows(NullPointerException.class, () -> base.withLink(base.queue(), null));
  }

  @Test
  void aTooLongClientIdIsNotCalledEmpty() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> clientId("x".repeat(65_536)));
    assertFalse(e.getMessage().contains("must not be empty"), e.getMessage());
  }
}
