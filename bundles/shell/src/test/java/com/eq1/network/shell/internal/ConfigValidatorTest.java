package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/** key=value arguments checked against the real metatype of the protocols, parsed by Felix. */
class ConfigValidatorTest {

  private static final ObjectClassDefinition TCP_CLIENT =
      Metatypes.definition(Metatypes.TCP_CLIENT);
  private static final ObjectClassDefinition VAULT = Metatypes.definition(Metatypes.VAULT);

  private static List<String> check(ObjectClassDefinition definition, String... assignments) {
    Map<String, String> given = ConfigValidator.parse(List.of(assignments));
    Map<String, Object> complete = new LinkedHashMap<>(given);
    String protocol = ProtocolCatalog.protocolOf(definition.getID()).orElseThrow();
    return ConfigValidator.check(protocol, definition, given, complete);
  }

  @Test
  void parseKeepsTheArgumentOrderAndTrims() {
    assertEquals(
        List.of("host", "port", "framing"),
        List.copyOf(
            ConfigValidator.parse(List.of("host = 10.0.0.5", "port=502", "framing=raw")).keySet()));
    assertEquals(
        Map.of("host", "10.0.0.5", "delimiter", "a=b"),
        ConfigValidator.parse(List.of("host = 10.0.0.5 ", "delimiter=a=b")));
    assertEquals(Map.of(), ConfigValidator.parse(null));
  }

  @Test
  void parseRefusesWhatIsNotKeyValue() {
    assertEquals(
        "'port' is not key=value (for example port=502)",
        assertThrows(IllegalArgumentException.class, () -> ConfigValidator.parse(List.of("port")))
            .getMessage());
    assertEquals(
        "'=502' is not key=value (for example port=502)",
        assertThrows(IllegalArgumentException.class, () -> ConfigValidator.parse(List.of("=502")))
            .getMessage());
  }

  @Test
  void parseRefusesAKeyGivenTwice() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfigValidator.parse(List.of("port=502", "host=h", "port =503")));
    assertEquals("key 'port' is given twice", e.getMessage());
  }

  @Test
  void aCompleteValidConfigurationHasNoProblems() {
    assertEquals(
        List.of(), check(TCP_CLIENT, "host=10.0.0.5", "port=502", "framing=raw", "tls=true"));
  }

  @Test
  void anUnknownKeyListsTheKnownOnesWithoutTheName() {
    List<String> problems = check(TCP_CLIENT, "host=h", "port=502", "hots=h");

    assertEquals(1, problems.size(), problems.toString());
    String problem = problems.get(0);
    assertTrue(
        problem.startsWith("unknown key 'hots'; tcp-client knows: autoConnect, host, port, "),
        problem);
    assertTrue(problem.endsWith(", inboundCapacity"), problem);
    assertFalse(problem.contains("eq1.name"), problem);
  }

  @Test
  void aValueOutOfRangeIsRefusedWithTheAttributeDescription() {
    List<String> problems = check(TCP_CLIENT, "host=h", "port=70000");

    assertEquals(
        List.of("port = 70000: greater than maximum (Port of the server, 1-65535 (required).)"),
        problems);
  }

  @Test
  void valuesOfTheWrongTypeOrNotAnOptionAreRefused() {
    List<String> problems =
        check(TCP_CLIENT, "host=h", "port=0", "autoConnect=maybe", "framing=json", "port2=1");

    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("port = 0: "), problems.get(0));
    assertTrue(problems.get(1).startsWith("autoConnect = maybe: invalid value"), problems.get(1));
    assertTrue(problems.get(2).startsWith("framing = json: not a valid option"), problems.get(2));
    assertTrue(problems.get(3).startsWith("unknown key 'port2'"), problems.get(3));
  }

  @Test
  void theNameIsNotAKey() {
    List<String> problems = check(TCP_CLIENT, "host=h", "port=1", "eq1.name=plc1");

    assertEquals(
        List.of("'eq1.name' is the connection name: give it as the name argument, not as a key"),
        problems);
  }

  @Test
  void aRequiredPortWithoutDefaultMustBeGiven() {
    assertEquals(
        List.of("missing required key 'port' (Port of the server, 1-65535 (required).)"),
        check(TCP_CLIENT, "host=10.0.0.5"));
  }

  /**
   * The tcp-client {@code host} is required and has no default: a configuration without it is
   * refused. (Needs the tcp bundle whose metatype declares {@code host} without a default.)
   */
  @Test
  void aRequiredHostWithoutDefaultMustBeGiven() {
    AttributeDefinition host =
        Arrays.stream(TCP_CLIENT.getAttributeDefinitions(ObjectClassDefinition.REQUIRED))
            .filter(a -> a.getID().equals("host"))
            .findFirst()
            .orElseThrow();
    assertNull(
        host.getDefaultValue(),
        () ->
            "the tcp bundle on the classpath still declares host with a default: "
                + Arrays.stream(host.getDefaultValue()).map(d -> "'" + d + "'").toList());

    List<String> problems = check(TCP_CLIENT, "port=502");

    assertEquals(
        List.of("missing required key 'host' (Host name or address of the server (required).)"),
        problems);
  }

  @Test
  void aBlankValueDoesNotSatisfyARequiredKey() {
    Map<String, String> given = ConfigValidator.parse(List.of("host=h"));
    Map<String, Object> complete = new LinkedHashMap<>(given);
    complete.put("port", " ");

    assertEquals(
        List.of("missing required key 'port' (Port of the server, 1-65535 (required).)"),
        ConfigValidator.check("tcp-client", TCP_CLIENT, given, complete));
  }

  @Test
  void requiredKeysAreCheckedOnTheCompleteConfigurationNotOnlyOnWhatWasGiven() {
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put("eq1.name", "plc1");
    complete.put("host", "10.0.0.5");
    complete.put("port", 502);

    assertEquals(
        List.of(),
        ConfigValidator.check(
            "tcp-client", TCP_CLIENT, ConfigValidator.parse(List.of("noDelay=false")), complete));
  }

  @Test
  void aRefusedSecretIsShownMasked() {
    List<String> problems = check(VAULT, "region=eu", "apiToken=s3cr");

    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("apiToken = ****: "), problems.get(0));
    assertTrue(problems.get(0).endsWith(" (At least 8 characters.)"), problems.get(0));
    assertFalse(problems.get(0).contains("s3cr"), problems.get(0));
  }

  @Test
  void problemsNameTheAttributeByDescriptionOrNameOrNotAtAll() {
    List<String> problems = check(VAULT, "level=9", "mode=slow");

    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("level = 9: "), problems.get(0));
    assertFalse(problems.get(0).contains("("), "the name only repeats the id: " + problems.get(0));
    assertEquals("mode = slow: not a valid option", problems.get(1));
    assertEquals("missing required key 'region' (Region)", problems.get(2));
  }

  @Test
  void secretsAreFoundByTypeOrByName() {
    assertTrue(ConfigValidator.isSecret(VAULT, "credentials"), "type Password");
    assertTrue(ConfigValidator.isSecret(VAULT, "apiToken"), "name");
    assertTrue(ConfigValidator.isSecret(TCP_CLIENT, "tlsKeyStorePassword"));
    assertFalse(ConfigValidator.isSecret(VAULT, "region"));
    assertFalse(ConfigValidator.isSecret(VAULT, "unknown"));
    assertTrue(ConfigValidator.isSecret(null, "mqttPassphrase"), "name, without metatype");
    assertTrue(ConfigValidator.isSecret(null, "clientSecret"));
    assertTrue(ConfigValidator.isSecret(null, "TOKEN"));
    assertFalse(ConfigValidator.isSecret(null, "credentials"), "no metatype to say so");
    assertFalse(ConfigValidator.isSecret(null, "host"));
  }
}
