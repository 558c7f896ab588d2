package com.eq1.network.serial;

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
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The metatype the shell's {@code eq1:create} validates against before it writes a configuration
 * (Felix's {@code AttributeDefinition.validate}: type, {@code min}/{@code max}, options matched
 * exactly): the port must be given, the line settings are bounded as {@link LineSettings} bounds
 * them, and every option is a value the configuration parser takes, and only those.
 */
class SerialMetatypeTest {

  private static final Map<String, DeclaredMetatype.Attribute> ATTRIBUTES =
      DeclaredMetatype.of(SerialConfig.class);

  @Test
  void thePortMustBeGiven() {
    DeclaredMetatype.Attribute port = ATTRIBUTES.get("port");
    assertNull(port.defaultValue(), "no default: the shell reports a missing port");
    assertTrue(port.required());
    assertEquals("String", port.type());
    for (DeclaredMetatype.Attribute attribute : ATTRIBUTES.values()) {
      boolean mustBeGiven = attribute.id().equals("port") || attribute.id().equals("eq1.name");
      assertTrue(mustBeGiven || attribute.hasDefault(), attribute + " has a default");
      assertFalse(attribute.type().equals("Password"), "a serial line has no secret");
    }
  }

  @Test
  void numbersAreBoundedAsTheSettingsBoundThem() {
    for (DeclaredMetatype.Attribute attribute : ATTRIBUTES.values()) {
      if (attribute.numeric()) {
        assertNotNull(attribute.min(), attribute + " has a minimum");
      }
    }
    assertEquals("1", ATTRIBUTES.get("baudRate").min());
    assertEquals(List.of("5", "8"), bounds("dataBits"));
    assertEquals(List.of("1", "10000"), bounds("frameGapMillis"));
    assertEquals(List.of("1", "1048576"), bounds("maxFrameBytes"));
    assertEquals("0", ATTRIBUTES.get("rs485DelayBeforeSendMicros").min());
    assertEquals("0", ATTRIBUTES.get("readTimeoutMillis").min());
  }

  @Test
  void everyOptionIsAValueTheParserTakesAndItsUpperCaseIsRefusedByBoth() {
    assertOptionsAgree(
        "parity", v -> SerialConfigs.parse(Parity.class, v, "parity", "none, odd, even"));
    assertOptionsAgree(
        "flowControl", v -> SerialConfigs.parse(FlowControl.class, v, "flowControl", "none"));
    assertOptionsAgree(
        "framing", v -> SerialConfigs.parse(SerialFraming.class, v, "framing", "raw"));
    assertOptionsAgree("delimiter", SerialConfigs::delimiter);
    assertOptionsAgree("stopBits", StopBits::parse);
    assertEquals(List.of("none", "rts-cts", "xon-xoff"), ATTRIBUTES.get("flowControl").options());
    assertEquals(List.of("1", "1.5", "2"), ATTRIBUTES.get("stopBits").options());
    assertEquals(4, ATTRIBUTES.get("framing").options().size(), "raw, length, delimited, gap");
    assertThrows(ConfigurationException.class, () -> StopBits.parse("one"));
    assertThrows(ConfigurationException.class, () -> SerialConfigs.delimiter(null));
  }

  private static List<String> bounds(String key) {
    return List.of(ATTRIBUTES.get(key).min(), ATTRIBUTES.get(key).max());
  }

  private static void assertOptionsAgree(String key, Function<String, ?> parser) {
    DeclaredMetatype.Attribute attribute = ATTRIBUTES.get(key);
    assertFalse(attribute.options().isEmpty(), key);
    assertTrue(attribute.options().contains(attribute.defaultValue()), key + " default is offered");
    for (String option : attribute.options()) {
      assertNotNull(parser.apply(" " + option + " "), option);
      String upper = option.toUpperCase(Locale.ROOT);
      if (!upper.equals(option)) { // "1.5" has no case
        assertThrows(ConfigurationException.class, () -> parser.apply(upper), key + "=" + upper);
      }
    }
  }
}
