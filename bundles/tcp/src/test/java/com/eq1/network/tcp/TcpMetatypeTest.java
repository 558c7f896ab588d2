package com.eq1.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.DeclaredMetatype;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The metatype the shell's {@code eq1:create} validates against before it writes a configuration
 * (Felix's {@code AttributeDefinition.validate}: type, {@code min}/{@code max}, options matched
 * exactly): what an operator must give has no default, ports and sizes are bounded, secrets are
 * passwords, and every option is a value the configuration parser takes, and only those.
 */
class TcpMetatypeTest {

  private static final Set<String> SECRETS =
      Set.of("tlsKeyStorePassword", "tlsPrivateKeyPassword", "tlsTrustStorePassword");

  private static final Map<String, DeclaredMetatype.Attribute> CLIENT =
      DeclaredMetatype.of(TcpClientConfig.class);
  private static final Map<String, DeclaredMetatype.Attribute> SERVER =
      DeclaredMetatype.of(TcpServerConfig.class);

  @Test
  void aClientMustBeGivenHostAndPortAndThePortIsBounded() {
    assertNull(CLIENT.get("host").defaultValue(), "host has no default");
    assertTrue(CLIENT.get("host").required());
    DeclaredMetatype.Attribute port = CLIENT.get("port");
    assertNull(port.defaultValue(), "port has no default");
    assertTrue(port.required());
    assertEquals("Integer", port.type());
    assertEquals("1", port.min());
    assertEquals("65535", port.max());
  }

  /** Port 0 lets the system choose a free port (shown as eq1.tcp.port): optional, from 0. */
  @Test
  void aServerPortIsOptionalBecauseZeroMeansAnyFreePort() {
    DeclaredMetatype.Attribute port = SERVER.get("port");
    assertEquals("0", port.defaultValue());
    assertEquals("0", port.min());
    assertEquals("65535", port.max());
    assertEquals("127.0.0.1", SERVER.get("bind").defaultValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"client", "server"})
  void secretsArePasswordsAndNothingElseIsRequiredWithoutADefault(String kind) {
    Map<String, DeclaredMetatype.Attribute> attributes = kind.equals("client") ? CLIENT : SERVER;
    Set<String> mustBeGiven = kind.equals("client") ? Set.of("host", "port") : Set.of();
    for (String secret : SECRETS) {
      assertEquals("Password", attributes.get(secret).type(), secret);
      assertFalse(attributes.get(secret).required(), secret + " is optional");
    }
    for (DeclaredMetatype.Attribute attribute : attributes.values()) {
      if (!attribute.type().equals("Password")) {
        assertFalse(attribute.id().toLowerCase(Locale.ROOT).contains("password"), attribute.id());
      }
      boolean optional = !attribute.required() || attribute.hasDefault();
      assertTrue(
          optional || mustBeGiven.contains(attribute.id()) || attribute.id().equals("eq1.name"),
          attribute + " is either optional or one of " + mustBeGiven);
      if (attribute.numeric()) {
        assertNotNull(attribute.min(), attribute + " has a minimum");
      }
    }
    assertEquals("1048576", attributes.get("maxFrameBytes").max());
  }

  @Test
  void everyOptionIsAValueTheParserTakesAndItsCaseVariantsAreRefusedByBoth() {
    assertOptionsAgree(CLIENT.get("framing").options(), TcpConfigs::framing);
    assertOptionsAgree(SERVER.get("framing").options(), TcpConfigs::framing);
    assertOptionsAgree(CLIENT.get("delimiter").options(), TcpConfigs::delimiter);
    assertOptionsAgree(SERVER.get("tlsClientAuth").options(), TcpConfigs::clientAuth);
    assertEquals(List.of("raw", "length", "delimited"), CLIENT.get("framing").options());
    assertEquals(List.of("lines", "dollar"), SERVER.get("delimiter").options());
    assertEquals(List.of("REJECT_NEWEST", "DROP_OLDEST"), CLIENT.get("queueOverflow").options());
    assertTrue(CLIENT.get("framing").options().contains(CLIENT.get("framing").defaultValue()));
  }

  private static void assertOptionsAgree(List<String> options, Function<String, ?> parser) {
    assertFalse(options.isEmpty());
    for (String option : options) {
      assertNotNull(parser.apply(option), option);
      String upper = option.toUpperCase(Locale.ROOT);
      // Felix compares options exactly: an upper-case value fails eq1:create, and the parser agrees
      assertFalse(options.contains(upper));
      assertThrows(ConfigurationException.class, () -> parser.apply(upper), upper);
    }
  }
}
