package com.eq1.network.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.DeclaredMetatype;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The metatype the shell's {@code eq1:create} validates against before it writes a configuration
 * (Felix's {@code AttributeDefinition.validate}: type, {@code min}/{@code max}, options matched
 * exactly): nothing but the name must be given, numbers are bounded as {@link MqttSettings} bounds
 * them, secrets are passwords, and every option is a value the configuration parser takes.
 */
class MqttMetatypeTest {

  private static final Map<String, DeclaredMetatype.Attribute> ATTRIBUTES =
      DeclaredMetatype.of(MqttConfig.class);

  private static final Set<String> SECRETS =
      Set.of("password", "tlsKeyStorePassword", "tlsPrivateKeyPassword", "tlsTrustStorePassword");

  @Test
  void secretsArePasswordsAndOptional() {
    for (DeclaredMetatype.Attribute attribute : ATTRIBUTES.values()) {
      boolean secret = SECRETS.contains(attribute.id());
      assertEquals(secret, attribute.type().equals("Password"), attribute.toString());
      if (secret) {
        assertFalse(attribute.required(), attribute + ": no password is needed to connect");
        assertFalse(attribute.hasDefault(), attribute.toString());
      }
    }
  }

  /** A key with an empty default must say it is optional, or the shell reports it missing. */
  @Test
  void onlyTheNameIsRequiredWithoutADefaultAndTheBrokerKeepsItsDefault() {
    for (DeclaredMetatype.Attribute attribute : ATTRIBUTES.values()) {
      if (!attribute.id().equals("eq1.name")) {
        assertTrue(
            attribute.hasDefault() || !attribute.required(),
            attribute + " is either defaulted or optional");
      }
    }
    assertEquals("tcp://127.0.0.1:1883", ATTRIBUTES.get("broker").defaultValue());
  }

  @Test
  void everyNumberIsBoundedAsTheSettingsBoundIt() {
    for (DeclaredMetatype.Attribute attribute : ATTRIBUTES.values()) {
      if (attribute.numeric()) {
        assertNotNull(attribute.min(), attribute + " has a minimum");
      }
    }
    assertEquals(List.of("0", "2"), bounds("willQos"));
    assertEquals(List.of("0", "2"), bounds("birthQos"));
    assertEquals(List.of("0", "65535"), bounds("keepAliveSeconds"));
    assertEquals(List.of("1", "65535"), bounds("maxInflight"));
    assertEquals(List.of("1", "268435455"), bounds("maxPayloadBytes"));
    assertEquals(List.of("-1", "4294967295"), bounds("sessionExpirySeconds"));
    assertEquals("0", ATTRIBUTES.get("queueFlushRate").min());
    assertEquals("Long", ATTRIBUTES.get("sessionExpirySeconds").type());
  }

  @Test
  void everyProtocolVersionTheParserTakesIsAnOptionAndNothingElse() {
    List<String> options = ATTRIBUTES.get("protocolVersion").options();
    assertEquals(Set.of("3.1.1", "5", "4", "3", "5.0"), Set.copyOf(options));
    for (String option : options) {
      assertNotNull(MqttVersion.parse("plant", " " + option + " "));
    }
    assertTrue(options.contains(ATTRIBUTES.get("protocolVersion").defaultValue()));
    for (String other : List.of("3.1", "5.1", "v5", "mqtt5")) {
      assertFalse(options.contains(other));
      assertThrows(ConfigurationException.class, () -> MqttVersion.parse("plant", other));
    }
  }

  @Test
  void persistenceOffersExactlyWhatTheParserTakes() {
    List<String> options = ATTRIBUTES.get("persistence").options();
    assertEquals(List.of("memory", "file"), options);
    assertEquals(null, MqttConfigs.persistence("plant", "memory", ""));
    assertNotNull(MqttConfigs.persistence("plant", "file", "/var/eq1/mqtt"));
    for (String option : options) {
      String upper = option.toUpperCase(Locale.ROOT);
      assertThrows(
          ConfigurationException.class, () -> MqttConfigs.persistence("plant", upper, "/x"));
    }
    assertEquals(
        List.of("REJECT_NEWEST", "DROP_OLDEST"), ATTRIBUTES.get("queueOverflow").options());
  }

  private static List<String> bounds(String key) {
    return List.of(ATTRIBUTES.get(key).min(), ATTRIBUTES.get(key).max());
  }
}
